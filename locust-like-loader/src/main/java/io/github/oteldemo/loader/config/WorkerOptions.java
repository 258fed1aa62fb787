package io.github.oteldemo.loader.config;

import java.time.Duration;
import picocli.CommandLine.Option;

/** A worker's options: whether this process is one, the master it joins and how long it waits for it at start-up. */
public final class WorkerOptions {

    @Option(names = "--worker", description = "Run as worker of --master-host.")
    boolean worker;

    @Option(
            names = "--master-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Master to connect to as worker (also LOCUST_MASTER).")
    String masterHost;

    @Option(
            names = "--master-port",
            paramLabel = "PORT",
            converter = Port.class,
            defaultValue = "5557",
            description = "Master port to connect to as worker (also LOCUST_MASTER_PORT).")
    int masterPort;

    @Option(
            names = "--master-connect-timeout",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "60s",
            description = "How long a worker waits for its master at start-up before it gives up (default: 60s).")
    Duration connectTimeout;

    void validate() {
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("--master-connect-timeout must be longer than 0s");
        }
    }

    /** @return master host a worker connects to */
    public String masterHost() {
        return masterHost;
    }

    /** @return master port a worker connects to */
    public int masterPort() {
        return masterPort;
    }

    /** @return how long a worker waits for its master at start-up */
    public Duration connectTimeout() {
        return connectTimeout;
    }
}
