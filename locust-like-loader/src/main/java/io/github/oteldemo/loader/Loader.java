package io.github.oteldemo.loader;

import io.github.oteldemo.loader.config.EnvironmentDefaults;
import io.github.oteldemo.loader.config.InvalidTaskFileException;
import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.config.MasterOptions;
import io.github.oteldemo.loader.config.ParsedOptions;
import io.github.oteldemo.loader.config.PythonLocustfile;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.http.HttpTarget;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.master.MasterRunner;
import io.github.oteldemo.loader.master.MasterSettings;
import io.github.oteldemo.loader.runner.ArrivalRateRunner;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.telemetry.RequestTracing;
import io.github.oteldemo.loader.worker.MasterUnreachableException;
import io.github.oteldemo.loader.worker.WorkerRunner;
import io.github.oteldemo.loader.worker.WorkerSettings;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point: parses options (flags, then {@code LOCUST_*} environment), then runs the mode.
 * A user mistake ends with one line on stderr and exit code 2, never a stack trace.
 */
public final class Loader {

    /** Exit code for bad command line, environment or task file. */
    public static final int EXIT_USAGE = 2;

    private Loader() {}

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs the loader in this process and returns its exit code instead of exiting, for tests.
     *
     * @param args        command-line arguments
     * @param out         where stats and reports go
     * @param err         where errors go
     * @param environment the environment variables to read {@code LOCUST_*} from
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        LoaderOptions options = new LoaderOptions();
        CommandLine commandLine =
                new CommandLine(options).setDefaultValueProvider(new EnvironmentDefaults(environment));
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return 0;
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(out);
                return 0;
            }
            options.validate();
        } catch (ParameterException e) {
            err.println("locust-like-loader: " + e.getMessage().replace('\n', ' ') + " (see --help)");
            return EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            err.println("locust-like-loader: " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            return switch (options.mode()) {
                case STANDALONE -> runStandalone(options, out, err);
                case MASTER -> runMaster(options, out, err);
                case WORKER -> runWorker(options, err);
            };
        } catch (InvalidTaskFileException | IllegalArgumentException e) {
            err.println("locust-like-loader: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("locust-like-loader: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * @param options validated options
     * @return {@code --otel}'s tracing, or null without it
     * @throws IllegalArgumentException when an {@code OTEL_*} variable is wrong (one line, exit 2)
     */
    static RequestTracing tracing(LoaderOptions options) {
        if (!options.otel()) {
            return null;
        }
        try {
            return RequestTracing.fromEnvironment();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("--otel: " + e.getMessage(), e);
        }
    }

    /**
     * @param options validated options
     * @return the task file of {@code -f}, or the default one
     * @throws InvalidTaskFileException with a one-line message
     */
    static TaskFile taskFile(LoaderOptions options) {
        return options.locustfile() == null ? TaskFile.DEFAULT : TaskFile.load(options.locustfile());
    }

    /**
     * Checks that a test about to start at once has a target whose name resolves; a target that
     * resolves but refuses connections is a failed request, not a start-up error.
     *
     * @param options validated options
     * @throws IllegalArgumentException naming the problem
     */
    static void requireStartableHost(LoaderOptions options) {
        if (!options.headless() && !options.autostart()) {
            return;
        }
        HttpTarget target = HttpTarget.parse(options.host());
        try {
            InetAddress.getAllByName(target.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "unreachable host '" + options.host() + "': cannot resolve " + target.host());
        }
    }

    private static int runMaster(LoaderOptions options, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        TaskFile taskFile = taskFile(options);
        if (options.host() != null) {
            requireStartableHost(options);
        }
        double stopTimeout = options.stopTimeout().toMillis() / 1000.0;
        MasterOptions masterOptions = options.master();
        MasterSettings settings = MasterSettings.of(
                        masterOptions.bindHost(), masterOptions.bindPort(), Map.of(), options.host())
                .withUserClasses(taskFile.users())
                .withStopTimeout(stopTimeout)
                .withHeartbeat(masterOptions.heartbeatLiveness(), masterOptions.missingWorkerTimeout())
                .withRebalancing(masterOptions.enableRebalancing())
                .withParsedOptions(ParsedOptions.of(options))
                .withLocustfile(PythonLocustfile.of(
                        taskFile,
                        options.locustfile() == null
                                ? null
                                : options.locustfile().getFileName().toString()));
        MasterRunner master;
        try {
            master = new MasterRunner(settings);
        } catch (IllegalStateException e) {
            err.println("locust-like-loader: " + e.getMessage());
            return 1;
        }
        try {
            RunSession.StartCondition enoughWorkers = () -> {
                int expected = masterOptions.expectWorkers();
                Duration maxWait = masterOptions.expectWorkersMaxWait();
                if (master.awaitWorkers(expected, maxWait)) {
                    return Optional.empty();
                }
                return Optional.of(
                        "gave up waiting for workers: " + master.workers().size() + " of " + expected
                                + " connected within " + maxWait.toSeconds() + " s");
            };
            return new RunSession(options, master, enoughWorkers, out, err).run();
        } finally {
            master.quit();
        }
    }

    private static int runWorker(LoaderOptions options, PrintStream err) throws InterruptedException {
        TaskFile taskFile = taskFile(options);
        WorkerSettings settings = WorkerSettings.of(
                        options.worker().masterHost(), options.worker().masterPort())
                .withConnectTimeout(options.worker().connectTimeout());
        try (LoadClient client = new LoadClient(options.ioThreads(), options.requestTimeout());
                RequestTracing tracing = tracing(options)) {
            LocalRunner runner = new LocalRunner(
                    taskFile, client, options.host(), options.stopTimeout(), settings.nodeId(), tracing);
            WorkerRunner worker = new WorkerRunner(settings, runner);
            Thread leave = new Thread(worker::close, "worker-shutdown");
            Runtime.getRuntime().addShutdownHook(leave);
            try {
                worker.connect();
                worker.awaitQuit();
                return 0;
            } catch (MasterUnreachableException e) {
                err.println("locust-like-loader: " + e.getMessage());
                return 1;
            } finally {
                worker.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(leave);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running and closes the worker itself
                }
            }
        }
    }

    private static int runStandalone(LoaderOptions options, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        TaskFile taskFile = taskFile(options);
        requireStartableHost(options);
        try (LoadClient client = new LoadClient(options.ioThreads(), options.requestTimeout());
                RequestTracing tracing = tracing(options)) {
            LoadRunner runner = options.arrivalRate() != null
                    ? new ArrivalRateRunner(taskFile, client, options.host(), options.arrivalRate(), "local", tracing)
                    : new LocalRunner(taskFile, client, options.host(), options.stopTimeout(), "local", tracing);
            if (tracing != null) {
                tracing.observeUsers(runner::userClassesCount);
            }
            return new RunSession(options, runner, out, err).run();
        }
    }
}
