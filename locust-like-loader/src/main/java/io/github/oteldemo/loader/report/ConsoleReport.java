package io.github.oteldemo.loader.report;

import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text tables Locust prints in headless mode, laid out the same way. */
public final class ConsoleReport {

    private static final int TYPE_WIDTH = 8;
    private static final int NAME_WIDTH = 60;

    private ConsoleReport() {}

    /**
     * Locust's {@code get_stats_summary}: requests, failures, times and rates per entry.
     *
     * @param stats   the snapshot
     * @param current rates over the last ~10 s (periodic table) instead of the whole run (final)
     * @return the lines
     */
    public static List<String> statsTable(StatsSnapshot stats, boolean current) {
        int nameWidth = NAME_WIDTH - TYPE_WIDTH + 4;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "%-" + TYPE_WIDTH + "s %-" + nameWidth + "s %7s %12s |%7s %7s %7s%7s | %7s %11s",
                "Type",
                "Name",
                "# reqs",
                "# fails",
                "Avg",
                "Min",
                "Max",
                "Med",
                "req/s",
                "failures/s"));
        String separator =
                "-".repeat(TYPE_WIDTH) + "|" + "-".repeat(nameWidth) + "|" + "-".repeat(7) + "|" + "-".repeat(13)
                        + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|"
                        + "-".repeat(8)
                        + "|" + "-".repeat(11);
        lines.add(separator);
        for (StatsEntry entry : stats.entries()) {
            lines.add(statsLine(stats, entry, current, nameWidth));
        }
        lines.add(separator);
        lines.add(statsLine(stats, stats.total(), current, nameWidth));
        return lines;
    }

    private static String statsLine(StatsSnapshot stats, StatsEntry e, boolean current, int nameWidth) {
        double rps = current ? stats.currentRps(e) : stats.totalRps(e);
        double failures = current ? stats.currentFailPerSec(e) : stats.totalFailPerSec(e);
        return String.format(
                Locale.ROOT,
                "%-" + TYPE_WIDTH + "s %-" + nameWidth + "s %7d %12s |%7d %7d %7d%7d | %7.2f %11.2f",
                e.method().isEmpty() ? "" : e.method() + " ",
                e.name(),
                e.numRequests(),
                String.format(Locale.ROOT, "%d(%.2f%%)", e.numFailures(), e.failRatio() * 100),
                (long) e.avgResponseTime(),
                e.minResponseTime() == null ? 0 : (long) Math.floor(e.minResponseTime()),
                (long) e.maxResponseTime(),
                e.medianResponseTime(),
                rps,
                failures);
    }

    /**
     * Locust's {@code get_percentile_stats_summary}.
     *
     * @param stats the snapshot
     * @return the lines
     */
    public static List<String> percentileTable(StatsSnapshot stats) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "Response time percentiles (exact where every request was measured by this loader, else approximated)");
        StringBuilder header = new StringBuilder(String.format(
                Locale.ROOT, "%-" + TYPE_WIDTH + "s %-" + NAME_WIDTH + "s %8s ", "Type", "Name", "# reqs"));
        for (String label : CsvReport.percentileLabels()) {
            header.append(String.format(Locale.ROOT, "%6s ", label));
        }
        lines.add(header.toString().stripTrailing());
        String separator = "-".repeat(TYPE_WIDTH) + "|" + "-".repeat(NAME_WIDTH) + "|" + "-".repeat(8) + "|"
                + ("-".repeat(6) + "|").repeat(StatsEntry.PERCENTILES_TO_REPORT.size());
        separator = separator.substring(0, separator.length() - 1);
        lines.add(separator);
        for (StatsEntry entry : stats.entries()) {
            if (entry.numRequests() > 0) {
                lines.add(percentileLine(entry));
            }
        }
        lines.add(separator);
        if (stats.total().numRequests() > 0) {
            lines.add(percentileLine(stats.total()));
        }
        return lines;
    }

    private static String percentileLine(StatsEntry e) {
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "%-" + TYPE_WIDTH + "s %-" + NAME_WIDTH + "s %8d ",
                e.method(),
                e.name(),
                e.numRequests()));
        for (double p : StatsEntry.PERCENTILES_TO_REPORT) {
            line.append(String.format(Locale.ROOT, "%6d ", e.percentile(p)));
        }
        return line.toString().stripTrailing();
    }

    /**
     * Locust's {@code get_error_report_summary}; empty when nothing failed.
     *
     * @param stats the snapshot
     * @return the lines
     */
    public static List<String> errorReport(StatsSnapshot stats) {
        List<String> lines = new ArrayList<>();
        if (stats.errors().isEmpty()) {
            return lines;
        }
        lines.add("Error report");
        lines.add(String.format(Locale.ROOT, "%-18s %-100s", "# occurrences", "Error")
                .stripTrailing());
        String separator = "-".repeat(18) + "|" + "-".repeat(80 + NAME_WIDTH - 19);
        lines.add(separator);
        for (StatsError error : stats.errors()) {
            lines.add(String.format(Locale.ROOT, "%-18d %s", error.occurrences(), error.describe()));
        }
        lines.add(separator);
        return lines;
    }
}
