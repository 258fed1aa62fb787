package io.github.oteldemo.loader.config;

import io.github.oteldemo.loader.http.HttpTarget;
import io.github.oteldemo.loader.stats.Threshold;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line options, named as Locust's; each long option also reads {@code LOCUST_<NAME>}
 * from the environment (see {@link EnvironmentDefaults}). {@link #validate()} turns them into
 * checked values or one-line errors.
 */
@Command(
        name = "locust-like-loader",
        mixinStandardHelpOptions = true,
        version = "locust-like-loader 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Locust-compatible load generator: standalone, master or worker.%n"
                + "Every long option can also be set as LOCUST_<OPTION_NAME>, e.g. LOCUST_SPAWN_RATE.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run finished, no request failed and every threshold held",
            "1:a request failed (see --exit-code-on-error)",
            "2:bad command line, environment or task file",
            "3:a --threshold was not met (wins over 1)"
        })
public final class LoaderOptions {

    @Option(
            names = {"-f", "--locustfile"},
            paramLabel = "FILE",
            description = "YAML task file with user classes; without it one WebsiteUser does GET /.")
    Path locustfile;

    @Option(
            names = {"-H", "--host"},
            paramLabel = "URL",
            description = "Target base URL, e.g. http://localhost:8080 (also TARGET_HOST).")
    String host;

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

    @Option(names = "--headless", description = "No web UI; start at once and print stats.")
    boolean headless;

    @Option(names = "--autostart", description = "Start at once but keep the web UI.")
    boolean autostart;

    @Option(
            names = "--csv",
            paramLabel = "PREFIX",
            description =
                    "Write PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv, PREFIX_exceptions.csv.")
    String csvPrefix;

    @Option(
            names = "--csv-full-history",
            description = "Put every entry, not only Aggregated, in the stats history CSV.")
    boolean csvFullHistory;

    @Option(names = "--reset-stats", description = "Reset the statistics once all users are spawned.")
    boolean resetStats;

    @Option(
            names = "--stop-timeout",
            paramLabel = "TIME",
            converter = Timespan.class,
            defaultValue = "0",
            description = "How long stopping users may finish their request in flight (default: 0).")
    Duration stopTimeout;

    @Option(
            names = "--exit-code-on-error",
            paramLabel = "CODE",
            defaultValue = "1",
            description = "Exit code when a request failed (default: ${DEFAULT-VALUE}).")
    int exitCodeOnError;

    @Option(
            names = "--threshold",
            paramLabel = "RULE",
            split = ",",
            description =
                    "Pass/fail rule on the aggregated stats, e.g. 'p95<200ms', 'fail_ratio<0.01', 'avg<=50ms', 'rps>100'; repeatable. Exit code 3 when one fails.")
    List<String> thresholds = new ArrayList<>();

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

    @Mixin
    WebOptions web = new WebOptions();

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "standalone, master or worker (LOCUST_MODE); --master and --worker set it too.")
    String mode;

    @Option(names = "--master", description = "Run as master: coordinate workers, run no users.")
    boolean master;

    @Option(names = "--worker", description = "Run as worker of --master-host.")
    boolean worker;

    @Mixin
    WorkerOptions workerOptions = new WorkerOptions();

    @Mixin
    MasterOptions masterOptions = new MasterOptions();

    @Option(
            names = "--otel",
            description = "Trace each request (a CLIENT span, W3C traceparent sent) and record request "
                    + "metrics with OpenTelemetry, configured by the OTEL_* variables (Locust's --otel).")
    boolean otel;

    private Mode resolvedMode;
    private List<Threshold> parsedThresholds;

    /**
     * Checks values that picocli's types cannot, and resolves the mode.
     *
     * @throws IllegalArgumentException with a one-line message
     */
    public void validate() {
        if (users < 0) {
            throw new IllegalArgumentException("--users must be >= 0, got " + users);
        }
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw new IllegalArgumentException("--spawn-rate must be a number > 0, got " + spawnRate);
        }
        if (host != null) {
            HttpTarget.parse(host);
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
        web.validate();
        workerOptions.validate();
        masterOptions.validate();
        parsedThresholds = thresholds.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Threshold::parse)
                .toList();
        resolvedMode = resolveMode();
    }

    private Mode resolveMode() {
        if (master && worker) {
            throw new IllegalArgumentException("--master and --worker cannot be used together");
        }
        if (master) {
            return Mode.MASTER;
        }
        if (worker) {
            return Mode.WORKER;
        }
        if (mode == null) {
            return Mode.STANDALONE;
        }
        try {
            return Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--mode (LOCUST_MODE) must be standalone, master or worker, got '" + mode + "'");
        }
    }

    /** @return the task file, or null for the default user class */
    public Path locustfile() {
        return locustfile;
    }

    /** @return the target base URL, or null */
    public String host() {
        return host;
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

    /** @return whether no web UI runs */
    public boolean headless() {
        return headless;
    }

    /** @return whether the test starts at once with the web UI up */
    public boolean autostart() {
        return autostart;
    }

    /** @return CSV file prefix, or null */
    public String csvPrefix() {
        return csvPrefix;
    }

    /** @return whether the history CSV has every entry */
    public boolean csvFullHistory() {
        return csvFullHistory;
    }

    /** @return whether stats reset once all users are spawned */
    public boolean resetStats() {
        return resetStats;
    }

    /** @return grace time for stopping users */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** @return exit code for failed requests */
    public int exitCodeOnError() {
        return exitCodeOnError;
    }

    /** @return the parsed thresholds (after {@link #validate()}) */
    public List<Threshold> thresholds() {
        return parsedThresholds;
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

    /** @return the web UI and API's options */
    public WebOptions web() {
        return web;
    }

    /** @return the mode (after {@link #validate()}) */
    public Mode mode() {
        return resolvedMode;
    }

    /** @return a worker's options (the master it joins) */
    public WorkerOptions worker() {
        return workerOptions;
    }

    /** @return the master's options */
    public MasterOptions master() {
        return masterOptions;
    }

    /** @return whether requests are traced ({@code --otel}) */
    public boolean otel() {
        return otel;
    }
}
