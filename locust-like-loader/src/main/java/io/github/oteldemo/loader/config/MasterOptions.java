package io.github.oteldemo.loader.config;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The master's options: whether this process is one, where workers connect, how many to wait
 * for, and how it judges their liveness (Locust's constants HEARTBEAT_LIVENESS and
 * HEARTBEAT_DEAD_INTERNAL made flags).
 */
public final class MasterOptions {

    @Option(names = "--master", description = "Run as master: coordinate workers, run no users.")
    boolean master;

    @Option(
            names = "--master-bind-host",
            paramLabel = "HOST",
            defaultValue = "*",
            description = "Interface the master binds (default: all).")
    String bindHost;

    @Option(
            names = "--master-bind-port",
            paramLabel = "PORT",
            converter = Port.class,
            defaultValue = "5557",
            description = "Port the master binds (default: ${DEFAULT-VALUE}).")
    int bindPort;

    @Option(
            names = "--expect-workers",
            paramLabel = "N",
            defaultValue = "1",
            description = "Headless master: wait for N workers before starting.")
    int expectWorkers;

    @Option(
            names = "--expect-workers-max-wait",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "0",
            description = "Give up waiting for workers after this time (0: wait forever).")
    Duration expectWorkersMaxWait;

    @Option(
            names = "--enable-rebalancing",
            description = "Spread the users again when a worker goes missing or comes "
                    + "back during a test (Locust's --enable-rebalancing; a worker that joins or quits always does).")
    boolean enableRebalancing;

    @Option(
            names = "--heartbeat-liveness",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "3s",
            description = "Silence after which a worker is missing (default: ${DEFAULT-VALUE}, Locust's 3 heartbeats).")
    Duration heartbeatLiveness;

    @Option(
            names = "--missing-worker-timeout",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "60s",
            description = "How long a missing worker is listed before it is dropped (default: ${DEFAULT-VALUE}).")
    Duration missingWorkerTimeout;

    void validate() {
        if (expectWorkers < 1) {
            throw new IllegalArgumentException("--expect-workers must be >= 1, got " + expectWorkers);
        }
        if (heartbeatLiveness.isZero() || heartbeatLiveness.isNegative()) {
            throw new IllegalArgumentException("--heartbeat-liveness must be longer than 0s");
        }
        if (missingWorkerTimeout.isNegative()) {
            throw new IllegalArgumentException("--missing-worker-timeout must not be negative");
        }
    }

    /** @return interface to bind ({@code *}: all) */
    public String bindHost() {
        return bindHost;
    }

    /** @return port to bind (0: any free one) */
    public int bindPort() {
        return bindPort;
    }

    /** @return workers a headless or autostarted master waits for */
    public int expectWorkers() {
        return expectWorkers;
    }

    /** @return how long to wait for them (0: forever) */
    public Duration expectWorkersMaxWait() {
        return expectWorkersMaxWait;
    }

    /** @return whether missing and returning workers trigger a rebalance */
    public boolean enableRebalancing() {
        return enableRebalancing;
    }

    /** @return silence after which a worker is missing */
    public Duration heartbeatLiveness() {
        return heartbeatLiveness;
    }

    /** @return how long a missing worker is kept */
    public Duration missingWorkerTimeout() {
        return missingWorkerTimeout;
    }
}
