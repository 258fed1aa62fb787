package io.github.oteldemo.loader.config;

import io.github.oteldemo.loader.stats.Threshold;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What a run leaves behind: CSV files, when the stats reset, and how the exit code is judged. */
public final class ReportOptions {

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
            names = "--threshold",
            paramLabel = "RULE",
            split = ",",
            description =
                    "Pass/fail rule on the aggregated stats, e.g. 'p95<200ms', 'fail_ratio<0.01', 'avg<=50ms', 'rps>100'; repeatable. Exit code 3 when one fails.")
    List<String> thresholds = new ArrayList<>();

    @Option(
            names = "--exit-code-on-error",
            paramLabel = "CODE",
            defaultValue = "1",
            description = "Exit code when a request failed (default: ${DEFAULT-VALUE}).")
    int exitCodeOnError;

    private List<Threshold> parsedThresholds = List.of();

    void validate() {
        parsedThresholds = thresholds.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Threshold::parse)
                .toList();
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

    /** @return the parsed thresholds (after validation) */
    public List<Threshold> thresholds() {
        return parsedThresholds;
    }

    /** @return exit code for failed requests */
    public int exitCodeOnError() {
        return exitCodeOnError;
    }
}
