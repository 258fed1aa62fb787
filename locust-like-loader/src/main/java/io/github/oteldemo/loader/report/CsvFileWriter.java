package io.github.oteldemo.loader.report;

import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps the {@code --csv} files up to date during a run, as Locust does: the stats, failures
 * and exceptions files are rewritten, the history file grows by one interval's rows.
 */
public final class CsvFileWriter {

    private final Path stats;
    private final Path history;
    private final Path failures;
    private final Path exceptions;
    private final boolean fullHistory;

    /**
     * Creates the four files with their headers.
     *
     * @param prefix      path prefix, e.g. {@code out/run1}
     * @param fullHistory history rows for every entry, not only Aggregated
     * @throws IOException when a file cannot be written
     */
    public CsvFileWriter(String prefix, boolean fullHistory) throws IOException {
        this.stats = Path.of(prefix + "_stats.csv");
        this.history = historyFile(prefix);
        this.failures = Path.of(prefix + "_failures.csv");
        this.exceptions = Path.of(prefix + "_exceptions.csv");
        this.fullHistory = fullHistory;
        Path parent = stats.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(history, CsvReport.historyHeader(), StandardCharsets.UTF_8);
    }

    /**
     * @param prefix path prefix of {@code --csv}
     * @return the stats history file written with that prefix
     */
    public static Path historyFile(String prefix) {
        return Path.of(prefix + "_stats_history.csv");
    }

    /**
     * Writes the current state of a run.
     *
     * @param runner the runner
     * @throws IOException when a file cannot be written
     */
    public void update(LoadRunner runner) throws IOException {
        StatsSnapshot snapshot = runner.stats().snapshot();
        Files.writeString(stats, CsvReport.requestsCsv(snapshot), StandardCharsets.UTF_8);
        Files.writeString(failures, CsvReport.failuresCsv(snapshot), StandardCharsets.UTF_8);
        Files.writeString(exceptions, CsvReport.exceptionsCsv(runner.exceptions()), StandardCharsets.UTF_8);
        Files.writeString(
                history,
                CsvReport.historyRows(snapshot, runner.userCount(), fullHistory),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }
}
