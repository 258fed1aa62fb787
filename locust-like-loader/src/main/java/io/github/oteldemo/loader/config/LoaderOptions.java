package io.github.oteldemo.loader.config;

import io.github.oteldemo.loader.http.HttpTarget;
import io.github.oteldemo.loader.stats.Threshold;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Command-line options, named as Locust's and listed by {@code --help} in sections as Locust's
 * are; each long option also reads {@code LOCUST_<NAME>} from the environment (see
 * {@link EnvironmentDefaults}). {@link #validate()} turns them into checked values or one-line
 * errors.
 *
 * <p>The sections are argument groups only for the help: they do not validate (any mix of
 * options is allowed), and each group field starts with an instance so that its defaults,
 * including the environment's, apply when none of its options is given.
 */
@Command(
        name = "locust-like-loader",
        mixinStandardHelpOptions = true,
        version = "locust-like-loader 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        abbreviateSynopsis = true,
        optionListHeading = "%nCommon options:%n",
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
            names = "--mode",
            paramLabel = "MODE",
            description = "standalone, master or worker (LOCUST_MODE); --master and --worker set it too.")
    String mode;

    @Option(
            names = "--otel",
            description = "Trace each request (a CLIENT span, W3C traceparent sent) and record request "
                    + "metrics with OpenTelemetry, configured by the OTEL_* variables (Locust's --otel).")
    boolean otel;

    @ArgGroup(validate = false, heading = "%nLoad options:%n", order = 1)
    LoadOptions load = new LoadOptions();

    @ArgGroup(validate = false, heading = "%nWeb UI options:%n", order = 2)
    WebOptions web = new WebOptions();

    @ArgGroup(validate = false, heading = "%nMaster options:%n", order = 3)
    MasterOptions masterOptions = new MasterOptions();

    @ArgGroup(validate = false, heading = "%nWorker options:%n", order = 4)
    WorkerOptions workerOptions = new WorkerOptions();

    @ArgGroup(validate = false, heading = "%nRequest statistics options:%n", order = 5)
    ReportOptions report = new ReportOptions();

    @Spec
    CommandSpec spec;

    private Mode resolvedMode;

    /**
     * Checks values that picocli's types cannot, and resolves the mode.
     *
     * @throws IllegalArgumentException with a one-line message
     * @throws OverwrittenOptionException when an option that takes one value is given twice
     */
    public void validate() {
        requireSingleValuedOptionsOnce();
        load.validate();
        if (host != null) {
            HttpTarget.parse(host);
        }
        web.validate();
        workerOptions.validate();
        masterOptions.validate();
        report.validate();
        resolvedMode = resolveMode();
    }

    /**
     * Picocli refuses a repeated option only outside argument groups: inside one, a repeat starts
     * a new instance of the group, which would silently drop the group's other options given
     * before it ({@code --master-host a --master-port 1 --master-port 2} losing {@code a}).
     */
    private void requireSingleValuedOptionsOnce() {
        ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
        if (parsed == null) {
            return;
        }
        Set<OptionSpec> seen = new HashSet<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!option.isMultiValue() && !seen.add(option)) {
                String label = option.arity().max > 0 ? " (" + option.paramLabel() + ")" : "";
                throw new OverwrittenOptionException(
                        spec.commandLine(),
                        option,
                        "option '" + option.longestName() + "'" + label + " should be specified only once");
            }
        }
    }

    private Mode resolveMode() {
        if (masterOptions.master && workerOptions.worker) {
            throw new IllegalArgumentException("--master and --worker cannot be used together");
        }
        if (masterOptions.master) {
            return Mode.MASTER;
        }
        if (workerOptions.worker) {
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

    /** @return the load's options (users, ramp, run time, open model, client) */
    public LoadOptions load() {
        return load;
    }

    /** @return peak users */
    public int users() {
        return load.users();
    }

    /** @return users started per second */
    public double spawnRate() {
        return load.spawnRate();
    }

    /** @return run time, or null to run until stopped */
    public Duration runTime() {
        return load.runTime();
    }

    /** @return whether no web UI runs */
    public boolean headless() {
        return web.headless();
    }

    /** @return whether the test starts at once with the web UI up */
    public boolean autostart() {
        return web.autostart();
    }

    /** @return the report's options (CSV files, stats reset, thresholds, exit code) */
    public ReportOptions report() {
        return report;
    }

    /** @return CSV file prefix, or null */
    public String csvPrefix() {
        return report.csvPrefix();
    }

    /** @return whether the history CSV has every entry */
    public boolean csvFullHistory() {
        return report.csvFullHistory();
    }

    /** @return whether stats reset once all users are spawned */
    public boolean resetStats() {
        return report.resetStats();
    }

    /** @return grace time for stopping users */
    public Duration stopTimeout() {
        return load.stopTimeout();
    }

    /** @return exit code for failed requests */
    public int exitCodeOnError() {
        return report.exitCodeOnError();
    }

    /** @return the parsed thresholds (after {@link #validate()}) */
    public List<Threshold> thresholds() {
        return report.thresholds();
    }

    /** @return requests per second of the open model, or null for the closed (users) model */
    public Double arrivalRate() {
        return load.arrivalRate();
    }

    /** @return request timeout */
    public Duration requestTimeout() {
        return load.requestTimeout();
    }

    /** @return event-loop threads of the client */
    public int ioThreads() {
        return load.ioThreads();
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
