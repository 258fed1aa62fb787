package io.github.oteldemo.loader;

import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.config.Mode;
import io.github.oteldemo.loader.report.ConsoleReport;
import io.github.oteldemo.loader.report.CsvFileWriter;
import io.github.oteldemo.loader.runner.ArrivalRateRunner;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import io.github.oteldemo.loader.stats.Threshold;
import io.github.oteldemo.loader.web.PageDefaults;
import io.github.oteldemo.loader.web.WebServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the loader around any {@link LoadRunner} (local, arrival-rate, or a master): web UI
 * unless headless, start at once when headless or {@code --autostart}, console table every
 * 2 s (headless), CSV files every second, stop after {@code --run-time}, then the final summary,
 * the thresholds and the exit code.
 */
public final class RunSession {

    /** Exit code when a {@code --threshold} is not met. */
    public static final int EXIT_THRESHOLD = 3;

    private static final long CONSOLE_INTERVAL_MILLIS = 2_000;

    private final LoaderOptions options;
    private final LoadRunner runner;
    private final StartCondition startCondition;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param options validated options
     * @param runner  the runner to drive
     * @param out     where stats tables go
     * @param err     where status lines go
     */
    public RunSession(LoaderOptions options, LoadRunner runner, PrintStream out, PrintStream err) {
        this(options, runner, StartCondition.NONE, out, err);
    }

    /**
     * @param options        validated options
     * @param runner         the runner to drive
     * @param startCondition what a headless or autostarted run waits for once the web UI is up
     * @param out            where stats tables go
     * @param err            where status lines go
     */
    public RunSession(
            LoaderOptions options, LoadRunner runner, StartCondition startCondition, PrintStream out, PrintStream err) {
        this.options = options;
        this.runner = runner;
        this.startCondition = startCondition;
        this.out = out;
        this.err = err;
    }

    /**
     * What must hold before a run that starts by itself (headless, {@code --autostart}) starts,
     * such as a master's {@code --expect-workers}. It is awaited after the web UI is up, so the
     * UI and its health endpoint answer while the master waits, as Locust's do.
     */
    @FunctionalInterface
    public interface StartCondition {
        /** Starts at once. */
        StartCondition NONE = Optional::empty;

        /**
         * Blocks until the run may start.
         *
         * @return empty to start, or why the run cannot start (one line)
         * @throws InterruptedException when interrupted
         */
        Optional<String> await() throws InterruptedException;
    }

    /** Ends the run (SIGTERM, Ctrl-C); {@link #run()} then reports and returns. */
    public void requestShutdown() {
        shutdown.countDown();
    }

    /**
     * Runs until the run time is over (headless) or a shutdown is requested.
     *
     * @return the exit code: 0, {@code --exit-code-on-error} (1) when a request failed, 3 when a threshold failed
     * @throws IOException          when the CSV files or the web port cannot be used
     * @throws InterruptedException when interrupted
     */
    public int run() throws IOException, InterruptedException {
        Thread hook = new Thread(
                () -> {
                    requestShutdown();
                    try {
                        finished.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "loader-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        WebServer web = null;
        try {
            CsvFileWriter csv = options.csvPrefix() == null
                    ? null
                    : new CsvFileWriter(options.csvPrefix(), options.csvFullHistory());
            if (!options.headless()) {
                web = webServer(options, runner);
                web.start();
                err.printf(
                        "Starting web interface at http://%s:%d (%s)%n",
                        options.web().host().equals("0.0.0.0")
                                ? "0.0.0.0"
                                : options.web().host(),
                        web.port(),
                        options.web().auth() == null ? "no auth" : "basic auth");
            }
            boolean startNow = options.headless() || options.autostart();
            long startedAt = System.nanoTime();
            if (startNow) {
                Optional<String> cannotStart = startCondition.await();
                if (cannotStart.isPresent()) {
                    err.println("locust-like-loader: " + cannotStart.get());
                    return 1;
                }
                err.printf("Ramping to %d users at a rate of %s per second%n", options.users(), options.spawnRate());
                runner.start(options.users(), options.spawnRate(), options.host());
            }
            loop(csv, startNow, startedAt);
            return finish(csv);
        } finally {
            if (web != null) {
                web.stop();
            }
            runner.quit();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running and waits for "finished", released above
            }
        }
    }

    /**
     * The web UI of a run, given from the options only what it uses.
     *
     * @param options validated options
     * @param runner  the runner the UI controls, whose user classes {@code /tasks} reports
     * @return the server, not started
     */
    public static WebServer webServer(LoaderOptions options, LoadRunner runner) {
        String locustfileName = options.locustfile() == null
                ? "locustfile"
                : options.locustfile().getFileName().toString();
        PageDefaults defaults = new PageDefaults(
                options.host(), options.users(), options.spawnRate(), options.runTime(), options.mode() == Mode.MASTER);
        Path fullHistory = options.csvPrefix() != null && options.csvFullHistory()
                ? CsvFileWriter.historyFile(options.csvPrefix())
                : null;
        return new WebServer(options.web(), runner, locustfileName, defaults, fullHistory);
    }

    private void loop(CsvFileWriter csv, boolean started, long startedAt) throws IOException, InterruptedException {
        long nextConsole = System.currentTimeMillis() + CONSOLE_INTERVAL_MILLIS;
        boolean statsReset = false;
        while (!shutdown.await(1, TimeUnit.SECONDS)) {
            if (options.resetStats() && !statsReset && runner.state() == RunnerState.RUNNING) {
                err.println("Resetting stats");
                runner.resetStats();
                statsReset = true;
            }
            if (csv != null) {
                csv.update(runner);
            }
            if (options.headless() && System.currentTimeMillis() >= nextConsole) {
                nextConsole += CONSOLE_INTERVAL_MILLIS;
                print(ConsoleReport.statsTable(runner.stats().snapshot(), true));
                out.println();
            }
            if (started
                    && options.runTime() != null
                    && System.nanoTime() - startedAt >= options.runTime().toNanos()) {
                err.println("--run-time limit reached, stopping test");
                runner.stop();
                if (options.headless()) {
                    return;
                }
                started = false;
            }
        }
    }

    private int finish(CsvFileWriter csv) throws IOException {
        runner.stop();
        StatsSnapshot stats = runner.stats().snapshot();
        if (csv != null) {
            csv.update(runner);
        }
        print(ConsoleReport.statsTable(stats, false));
        out.println();
        print(ConsoleReport.percentileTable(stats));
        out.println();
        print(ConsoleReport.errorReport(stats));
        if (runner instanceof ArrivalRateRunner arrivals) {
            long intended = arrivals.intendedStarts();
            out.printf(
                    Locale.ROOT,
                    "Arrival rate %.1f/s: %d starts intended, %d dropped (%.2f%%) because all %d connections were busy%n",
                    arrivals.rate(),
                    intended,
                    arrivals.droppedStarts(),
                    intended == 0 ? 0.0 : 100.0 * arrivals.droppedStarts() / intended,
                    options.users());
        }
        List<String> broken = new ArrayList<>();
        for (Threshold threshold : options.thresholds()) {
            threshold
                    .check(stats)
                    .ifPresentOrElse(broken::add, () -> out.println("threshold '" + threshold.text() + "' passed"));
        }
        broken.forEach(err::println);
        if (!broken.isEmpty()) {
            return EXIT_THRESHOLD;
        }
        return stats.total().numFailures() > 0 ? options.exitCodeOnError() : 0;
    }

    private void print(List<String> lines) {
        lines.forEach(out::println);
    }
}
