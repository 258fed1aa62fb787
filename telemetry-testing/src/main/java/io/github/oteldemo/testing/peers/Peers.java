package io.github.oteldemo.testing.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The real programs the tests talk to ({@code otelcol}, {@code statsd_exporter}, {@code helm},
 * {@code ct}, {@code locust}), installed by {@code scripts/peers.sh} into a cache outside the
 * repository.
 *
 * <p>The directory is the one {@code scripts/peers.sh --bin-dir} prints: {@code
 * OTEL_DEMO_PEERS_BIN} when set (CI sets it from the script), otherwise the script's own default
 * under {@code XDG_CACHE_HOME}. A missing peer skips the calling test with one line naming the
 * peer and how to get it; with {@code CI=true} it fails the test, because a skip there would be a
 * pass in disguise.
 */
public final class Peers {

    private static final String INSTALL = "scripts/peers.sh";

    private Peers() {}

    /** @return the directory that holds the peers, whether or not it exists */
    public static Path binDir() {
        String explicit = System.getenv("OTEL_DEMO_PEERS_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return cacheHome().resolve("otel-demo").resolve("peers").resolve("bin");
    }

    /**
     * Finds a peer, or skips (locally) or fails (under {@code CI=true}) the calling test.
     *
     * @param name the executable's name in {@link #binDir()}, e.g. {@code otelcol}
     * @return its path
     */
    public static Path require(String name) {
        Path peer = binDir().resolve(name);
        if (Files.isExecutable(peer)) {
            return peer;
        }
        String reason = name + " is not in " + binDir() + " (install the real peers with " + INSTALL + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionFailedError("missing peer under CI=true: " + reason);
        }
        System.out.println("skipped: " + reason);
        Assumptions.abort("skipped: " + reason);
        throw new IllegalStateException("unreachable");
    }

    /** @return whether a peer is installed, for code that has a fallback */
    public static boolean present(String name) {
        return Files.isExecutable(binDir().resolve(name));
    }

    private static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }
}
