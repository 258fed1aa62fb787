package io.github.oteldemo.loader.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Locust's CSV reports (same columns, same number formats, {@code \r\n} rows like Python's
 * {@code csv} module), used for the {@code --csv} files and the web UI's downloads.
 */
public final class CsvReport {

    // Python's csv module quotes a field only when it must; Jackson does the same in strict mode.
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final DateTimeFormatter UTC_SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final CsvSchema ROWS =
            CsvSchema.emptySchema().withLineSeparator("\r\n").withoutHeader();

    private CsvReport() {}

    /** @return Locust's percentile column names: 50%, 66%, ... 99.9%, 99.99%, 100% */
    public static List<String> percentileLabels() {
        List<String> labels = new ArrayList<>();
        for (double p : StatsEntry.PERCENTILES_TO_REPORT) {
            double percent = Math.round(p * 100 * 1e6) / 1e6;
            labels.add((percent == Math.rint(percent) ? String.valueOf((long) percent) : pythonFloat(percent)) + "%");
        }
        return labels;
    }

    /** @return the header of the stats file */
    public static List<String> requestsColumns() {
        List<String> columns = new ArrayList<>(List.of(
                "Type",
                "Name",
                "Request Count",
                "Failure Count",
                "Median Response Time",
                "Average Response Time",
                "Min Response Time",
                "Max Response Time",
                "Average Content Size",
                "Requests/s",
                "Failures/s"));
        columns.addAll(percentileLabels());
        return columns;
    }

    /** @return the header of the stats history file */
    public static List<String> historyColumns() {
        List<String> columns =
                new ArrayList<>(List.of("Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s"));
        columns.addAll(percentileLabels());
        columns.addAll(List.of(
                "Total Request Count",
                "Total Failure Count",
                "Total Median Response Time",
                "Total Average Response Time",
                "Total Min Response Time",
                "Total Max Response Time",
                "Total Average Content Size"));
        return columns;
    }

    /**
     * @param stats the snapshot
     * @return {@code PREFIX_stats.csv}: one row per entry and the Aggregated row
     */
    public static String requestsCsv(StatsSnapshot stats) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(requestsColumns());
        for (StatsEntry e : withTotal(stats)) {
            List<String> row = new ArrayList<>(List.of(e.method(), e.name()));
            row.addAll(summary(e));
            row.addAll(List.of(pythonFloat(stats.totalRps(e)), pythonFloat(stats.totalFailPerSec(e))));
            row.addAll(percentiles(stats, e, false));
            rows.add(row);
        }
        return write(rows);
    }

    /**
     * @param stats the snapshot
     * @return {@code PREFIX_failures.csv}
     */
    public static String failuresCsv(StatsSnapshot stats) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Method", "Name", "Error", "Occurrences", "First Seen", "Last Seen"));
        stats.errors().stream()
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .forEach((StatsError e) -> rows.add(List.of(
                        e.method(),
                        e.name(),
                        e.error(),
                        String.valueOf(e.occurrences()),
                        utcSecond(e.firstSeen()),
                        utcSecond(e.lastSeen()))));
        return write(rows);
    }

    /** Locust's {@code format_utc_timestamp}: whole seconds, UTC, ISO 8601 with Z; empty when unknown. */
    private static String utcSecond(Double epochSeconds) {
        return epochSeconds == null ? "" : UTC_SECOND.format(Instant.ofEpochSecond(epochSeconds.longValue()));
    }

    /**
     * @param exceptions exceptions raised in users
     * @return {@code PREFIX_exceptions.csv}
     */
    public static String exceptionsCsv(List<ExceptionReport> exceptions) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Count", "Message", "Traceback", "Nodes"));
        for (ExceptionReport e : exceptions) {
            rows.add(List.of(String.valueOf(e.count()), e.message(), e.traceback(), String.join(", ", e.nodes())));
        }
        return write(rows);
    }

    /** @return the history file's header line */
    public static String historyHeader() {
        return write(List.of(historyColumns()));
    }

    /**
     * Rows appended to {@code PREFIX_stats_history.csv} at each interval.
     *
     * @param stats       the snapshot
     * @param userCount   users running now
     * @param fullHistory one row per entry as well as the Aggregated one
     * @return the rows, without header
     */
    public static String historyRows(StatsSnapshot stats, int userCount, boolean fullHistory) {
        List<List<String>> rows = new ArrayList<>();
        List<StatsEntry> entries = fullHistory ? withTotal(stats) : List.of(stats.total());
        for (StatsEntry e : entries) {
            List<String> row = new ArrayList<>(List.of(
                    String.valueOf((long) stats.takenAt()),
                    String.valueOf(userCount),
                    e.method(),
                    e.name(),
                    String.format(Locale.ROOT, "%2f", stats.currentRps(e)),
                    String.format(Locale.ROOT, "%2f", stats.currentFailPerSec(e))));
            row.addAll(percentiles(stats, e, fullHistory));
            row.addAll(summary(e));
            rows.add(row);
        }
        return write(rows);
    }

    /**
     * The columns both the stats and the history CSV have, in Locust's order: request and failure
     * counts, median, average, min and max response time, average content size.
     */
    private static List<String> summary(StatsEntry e) {
        return List.of(
                String.valueOf(e.numRequests()),
                String.valueOf(e.numFailures()),
                String.valueOf(e.medianResponseTime()),
                pythonFloat(e.avgResponseTime()),
                minTime(e),
                pythonFloat(e.maxResponseTime()),
                pythonFloat(e.avgContentLength()));
    }

    private static List<StatsEntry> withTotal(StatsSnapshot stats) {
        List<StatsEntry> all = new ArrayList<>(stats.entries());
        all.add(stats.total());
        return all;
    }

    private static List<String> percentiles(StatsSnapshot stats, StatsEntry e, boolean current) {
        List<String> values = new ArrayList<>();
        for (double p : StatsEntry.PERCENTILES_TO_REPORT) {
            if (e.numRequests() == 0) {
                values.add("N/A");
            } else if (current) {
                Long value = stats.currentPercentile(e, p);
                values.add(String.valueOf(value == null ? 0 : value));
            } else {
                values.add(String.valueOf(e.percentile(p)));
            }
        }
        return values;
    }

    private static String minTime(StatsEntry e) {
        return e.minResponseTime() == null || e.minResponseTime() == 0 ? "0" : pythonFloat(e.minResponseTime());
    }

    /** Formats like Python's {@code str(float)} for the values a report holds. */
    static String pythonFloat(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e16) {
            return (long) value + ".0";
        }
        return Double.toString(value);
    }

    private static String write(List<List<String>> rows) {
        try {
            return CSV.writer(ROWS).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
