package io.github.oteldemo.loader.config;

import picocli.CommandLine.Option;

/**
 * The web UI and API's options: whether it runs, where it listens and who may use it (Locust's
 * "Web UI options").
 */
public final class WebOptions {

    @Option(names = "--headless", description = "No web UI; start at once and print stats.")
    boolean headless;

    @Option(names = "--autostart", description = "Start at once but keep the web UI.")
    boolean autostart;

    @Option(
            names = "--web-host",
            paramLabel = "HOST",
            defaultValue = "0.0.0.0",
            description = "Interface of the web UI (default: all).")
    String host;

    @Option(
            names = "--web-port",
            paramLabel = "PORT",
            converter = Port.class,
            defaultValue = "8089",
            description = "Port of the web UI and API (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--web-auth",
            paramLabel = "USER:PASS",
            description = "Basic auth for the web UI and API (not /healthz).")
    String auth;

    void validate() {
        if (auth != null && auth.indexOf(':') < 1) {
            throw new IllegalArgumentException("--web-auth must look like user:password");
        }
    }

    /** @return whether no web UI runs */
    public boolean headless() {
        return headless;
    }

    /** @return whether the test starts at once with the web UI up */
    public boolean autostart() {
        return autostart;
    }

    /** @return web UI interface */
    public String host() {
        return host;
    }

    /** @return web UI port (0: any free one) */
    public int port() {
        return port;
    }

    /** @return {@code user:password}, or null for no auth */
    public String auth() {
        return auth;
    }
}
