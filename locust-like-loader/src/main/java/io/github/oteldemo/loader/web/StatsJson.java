package io.github.oteldemo.loader.web;

import io.github.oteldemo.loader.runner.ArrivalRateRunner;
import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.runner.WorkerInfo;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents of Locust's web API, field for field, so tools written for Locust work. */
final class StatsJson {

    private StatsJson() {}

    /** Locust's PERCENTILES_TO_CHART, the current percentiles of the Aggregated row. */
    private static final double[] CHARTED = {0.5, 0.95};
    /** Locust's PERCENTILES_TO_STATISTICS, the percentiles of every row. */
    private static final double[] ROW_PERCENTILES = {0.95, 0.99};

    /** {@code GET /stats/requests}, as Locust 2.47's {@code request_stats()}, key for key and in its order. */
    static Map<String, Object> requests(LoadRunner runner, boolean master) {
        StatsSnapshot stats = runner.stats().snapshot();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StatsEntry e : stats.entries()) {
            rows.add(row(stats, e, e.method()));
        }
        // Locust's Aggregated entry has the empty method.
        rows.add(row(stats, stats.total(), ""));
        List<Map<String, Object>> errors = new ArrayList<>();
        for (StatsError e : stats.errors()) {
            // StatsError.serialize(): not escaped, with first and last sighting.
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("name", e.name());
            error.put("method", e.method());
            error.put("error", e.error());
            error.put("occurrences", e.occurrences());
            error.put("first_seen", e.firstSeen());
            error.put("last_seen", e.lastSeen());
            errors.add(error);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("stats", rows.size() > 501 ? truncate(rows) : rows);
        report.put("errors", errors.size() > 500 ? errors.subList(0, 500) : errors);
        Map<String, Object> total = rows.get(rows.size() - 1);
        for (String key : List.of("current_rps", "current_fail_per_sec", "total_rps", "total_fail_per_sec")) {
            report.put(key, total.get(key));
        }
        report.put("fail_ratio", stats.total().failRatio());
        Map<String, Object> current = new LinkedHashMap<>();
        for (double p : CHARTED) {
            current.put("response_time_percentile_" + p, stats.currentPercentile(stats.total(), p));
        }
        report.put("current_response_time_percentiles", current);
        if (master) {
            List<Map<String, Object>> workers = new ArrayList<>();
            int counted = 0;
            for (WorkerInfo w : runner.workers()) {
                Map<String, Object> worker = new LinkedHashMap<>();
                worker.put("id", w.id());
                worker.put("state", w.state().locustName());
                worker.put("user_count", w.userCount());
                worker.put("cpu_usage", w.cpuUsage());
                worker.put("memory_usage", w.memoryUsage());
                workers.add(worker);
                // Locust's worker_count: ready, spawning and running workers, not missing or stopped ones.
                if (w.state() == RunnerState.READY
                        || w.state() == RunnerState.SPAWNING
                        || w.state() == RunnerState.RUNNING) {
                    counted++;
                }
            }
            report.put("workers", workers);
            report.put("worker_count", counted);
        }
        report.put("state", runner.state().locustName());
        report.put("user_count", runner.userCount());
        if (runner instanceof ArrivalRateRunner arrivals) {
            report.put("dropped_starts", arrivals.droppedStarts());
            report.put("intended_starts", arrivals.intendedStarts());
        }
        return report;
    }

    private static List<Map<String, Object>> truncate(List<Map<String, Object>> rows) {
        List<Map<String, Object>> truncated = new ArrayList<>(rows.subList(0, 500));
        truncated.add(rows.get(rows.size() - 1));
        return truncated;
    }

    /** {@code StatsEntry.to_dict()}. */
    private static Map<String, Object> row(StatsSnapshot stats, StatsEntry e, String method) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("method", method);
        row.put("name", e.name());
        row.put("num_requests", e.numRequests());
        row.put("num_failures", e.numFailures());
        row.put("min_response_time", e.minResponseTime() == null ? 0 : Math.round(e.minResponseTime()));
        row.put("max_response_time", Math.round(e.maxResponseTime()));
        row.put("current_rps", stats.currentRps(e));
        row.put("current_fail_per_sec", stats.currentFailPerSec(e));
        row.put("avg_response_time", e.avgResponseTime());
        row.put("median_response_time", e.medianResponseTime());
        row.put("total_rps", stats.totalRps(e));
        row.put("total_fail_per_sec", stats.totalFailPerSec(e));
        for (double p : ROW_PERCENTILES) {
            row.put("response_time_percentile_" + p, e.percentile(p));
        }
        row.put("avg_content_length", e.avgContentLength());
        return row;
    }

    /** {@code GET /exceptions}. */
    static Map<String, Object> exceptions(List<ExceptionReport> reports) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExceptionReport r : reports) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("count", r.count());
            row.put("msg", r.message());
            row.put("traceback", r.traceback());
            row.put("nodes", String.join(", ", r.nodes()));
            rows.add(row);
        }
        return Map.of("exceptions", rows);
    }

    /** Locust escapes names and errors for the page (markupsafe's escape). */
    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
