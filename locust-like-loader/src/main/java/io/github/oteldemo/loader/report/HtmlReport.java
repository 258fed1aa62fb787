package io.github.oteldemo.loader.report;

import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Locust's {@code /stats/report}: one self-contained HTML page of a test (when, where, the
 * request statistics, the response time percentiles, failures, exceptions and charts of
 * requests per second, response times and users), with inline CSS and SVG charts, so the
 * downloaded file opens anywhere, offline.
 */
public final class HtmlReport {

    /** Locust's PERCENTILES_FOR_HTML_REPORT. */
    private static final double[] PERCENTILES = {0.50, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0};

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int WIDTH = 900;
    private static final int HEIGHT = 220;

    private HtmlReport() {}

    /**
     * @param stats      the run's statistics
     * @param exceptions exceptions raised in users
     * @param history    samples for the charts
     * @param host       the target, or null
     * @param locustfile the task file's name
     * @return the page
     */
    public static String render(
            StatsSnapshot stats,
            List<ExceptionReport> exceptions,
            List<StatsHistory.Point> history,
            String host,
            String locustfile) {
        StatsEntry total = stats.total();
        double end = total.lastRequestTimestamp() == null ? total.startTime() : total.lastRequestTimestamp();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Test Report for ")
                .append(escape(locustfile))
                .append("</title><style>")
                .append(
                        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}")
                .append(
                        "td:nth-child(-n+2){text-align:left}svg{border:1px solid #ccc;margin:.5em 0}</style></head><body>")
                .append("<h1>Locust Test Report</h1><p>During: ")
                .append(UTC.format(Instant.ofEpochSecond((long) total.startTime())))
                .append(" - ")
                .append(UTC.format(Instant.ofEpochSecond((long) end)))
                .append(" (")
                .append(Duration.ofSeconds((long) (end - total.startTime()))
                        .toString()
                        .substring(2)
                        .toLowerCase(Locale.ROOT))
                .append(")</p><p>Target Host: ")
                .append(escape(String.valueOf(host)))
                .append("</p><p>Script: ")
                .append(escape(locustfile))
                .append("</p>");
        List<StatsEntry> rows = new ArrayList<>(stats.entries());
        rows.add(total);
        html.append("<h2>Request Statistics</h2>")
                .append(table(
                        List.of(
                                "Type",
                                "Name",
                                "# Requests",
                                "# Fails",
                                "Average (ms)",
                                "Min (ms)",
                                "Max (ms)",
                                "Average size (bytes)",
                                "RPS",
                                "Failures/s"),
                        rows,
                        e -> List.of(
                                e.method(),
                                e.name(),
                                e.numRequests(),
                                e.numFailures(),
                                Math.round(e.avgResponseTime()),
                                e.minResponseTime() == null ? 0 : Math.round(e.minResponseTime()),
                                Math.round(e.maxResponseTime()),
                                Math.round(e.avgContentLength()),
                                round(stats.totalRps(e)),
                                round(stats.totalFailPerSec(e)))));
        List<String> percentileHeads = new ArrayList<>(List.of("Type", "Name"));
        for (double p : PERCENTILES) {
            percentileHeads.add(Math.round(p * 100) + "%ile (ms)");
        }
        html.append("<h2>Response Time Statistics</h2>").append(table(percentileHeads, rows, e -> {
            List<Object> cells = new ArrayList<>(List.of(e.method(), e.name()));
            for (double p : PERCENTILES) {
                cells.add(e.percentile(p));
            }
            return cells;
        }));
        html.append("<h2>Failures Statistics</h2>")
                .append(table(
                        List.of("Method", "Name", "Error", "Occurrences"),
                        stats.errors(),
                        (StatsError e) -> List.of(e.method(), e.name(), e.error(), e.occurrences())));
        html.append("<h2>Exceptions Statistics</h2>")
                .append(table(
                        List.of("Count", "Message", "Traceback", "Nodes"),
                        exceptions,
                        (ExceptionReport e) ->
                                List.of(e.count(), e.message(), e.traceback(), String.join(", ", e.nodes()))));
        html.append("<h2>Charts</h2>")
                .append(chart(
                        "Total Requests per Second",
                        history,
                        List.of(p -> p.currentRps(), p -> p.currentFailPerSec()),
                        List.of("RPS", "Failures/s")))
                .append(chart(
                        "Response Times (ms)",
                        history,
                        List.of(p -> p.p50() == null ? 0.0 : p.p50(), p -> p.p95() == null ? 0.0 : p.p95()),
                        List.of("50th percentile", "95th percentile")))
                .append(chart("Number of Users", history, List.of(p -> (double) p.userCount()), List.of("Users")));
        return html.append("</body></html>").toString();
    }

    private static <T> String table(List<String> heads, List<T> rows, Function<T, List<?>> cells) {
        StringBuilder table = new StringBuilder("<table><thead><tr>");
        heads.forEach(h -> table.append("<th>").append(escape(h)).append("</th>"));
        table.append("</tr></thead><tbody>");
        for (T row : rows) {
            table.append("<tr>");
            cells.apply(row)
                    .forEach(c -> table.append("<td>")
                            .append(escape(String.valueOf(c)))
                            .append("</td>"));
            table.append("</tr>");
        }
        return table.append("</tbody></table>").toString();
    }

    private static final String[] COLOURS = {"#00a000", "#c00000"};

    /** A line chart as inline SVG: one polyline per series over the samples, the maximum labelled. */
    private static String chart(
            String title,
            List<StatsHistory.Point> history,
            List<Function<StatsHistory.Point, Double>> series,
            List<String> names) {
        double max = 1;
        for (StatsHistory.Point point : history) {
            for (Function<StatsHistory.Point, Double> value : series) {
                max = Math.max(max, value.apply(point));
            }
        }
        StringBuilder svg = new StringBuilder("<h3>")
                .append(escape(title))
                .append("</h3><svg xmlns=\"http://www.w3.org/2000/svg\" ")
                .append("width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" role=\"img\"><text x=\"4\" y=\"14\">")
                .append(round(max))
                .append("</text>");
        for (int s = 0; s < series.size(); s++) {
            svg.append("<polyline fill=\"none\" stroke=\"")
                    .append(COLOURS[s % COLOURS.length])
                    .append("\" points=\"");
            for (int i = 0; i < history.size(); i++) {
                double x = history.size() == 1 ? 0 : (double) i * (WIDTH - 1) / (history.size() - 1);
                double y = HEIGHT - 1 - series.get(s).apply(history.get(i)) / max * (HEIGHT - 20);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"><title>").append(escape(names.get(s))).append("</title></polyline>");
        }
        return svg.append("</svg>").toString();
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
