package io.github.oteldemo.loader.config;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How much load and how it is shaped: users, ramp, run time, the open model, the HTTP client. */
public final class LoadOptions {

    @Option(
            names = {"-u", "--users"},
            paramLabel = "N",
            defaultValue = "1",
            description = "Peak number of users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = {"-r", "--spawn-rate"},
            paramLabel = "RATE",
            defaultValue = "1",
            description = "Users started per second (default: ${DEFAULT-VALUE}).")
    double spawnRate;

    @Option(
            names = {"-t", "--run-time"},
            paramLabel = "TIME",
            converter = Timespan.class,
            description = "Stop after this time, e.g. 300s, 20m, 1h30m.")
    Duration runTime;

    @Option(
            names = "--arrival-rate",
            paramLabel = "RPS",
            description =
                    "Open model: start this many requests per second whatever the latency, with at most --users in flight; latency counts from the intended start.")
    Double arrivalRate;

    @Option(
            names = "--request-timeout",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "60s",
            description = "Connect and response timeout of a request (default: 60s).")
    Duration requestTimeout;

    @Option(
            names = "--io-threads",
            paramLabel = "N",
            description = "Event-loop threads of the HTTP client (default: one per core).")
    Integer ioThreads;

    @Option(
            names = "--stop-timeout",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "0",
            description = "How long stopping users may finish their request in flight (default: 0).")
    Duration stopTimeout;

    void validate() {
        if (users < 0) {
            throw new IllegalArgumentException("--users must be >= 0, got " + users);
        }
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw new IllegalArgumentException("--spawn-rate must be a number > 0, got " + spawnRate);
        }
        if (arrivalRate != null && (!(arrivalRate > 0) || Double.isInfinite(arrivalRate))) {
            throw new IllegalArgumentException("--arrival-rate must be a number > 0, got " + arrivalRate);
        }
        if (ioThreads != null && ioThreads < 1) {
            throw new IllegalArgumentException("--io-threads must be >= 1, got " + ioThreads);
        }
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("--request-timeout must be positive");
        }
    }

    /** @return peak users */
    public int users() {
        return users;
    }

    /** @return users started per second */
    public double spawnRate() {
        return spawnRate;
    }

    /** @return run time, or null to run until stopped */
    public Duration runTime() {
        return runTime;
    }

    /** @return requests per second of the open model, or null for the closed (users) model */
    public Double arrivalRate() {
        return arrivalRate;
    }

    /** @return request timeout */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return event-loop threads of the client */
    public int ioThreads() {
        return ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /** @return grace time for stopping users */
    public Duration stopTimeout() {
        return stopTimeout;
    }
}
