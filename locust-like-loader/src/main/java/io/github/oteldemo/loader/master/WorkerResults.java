package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.UserException;
import io.github.oteldemo.loader.protocol.WireFields;
import io.github.oteldemo.loader.protocol.WorkerReport;
import io.github.oteldemo.loader.runner.ExceptionLog;
import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.stats.RequestStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the workers send back besides their state: request statistics (merged as Locust's
 * {@code on_worker_report} does), user exceptions (grouped by traceback, with the nodes where
 * they happened) and log lines (the last lines of each worker, for {@code /logs}). Thread-safe.
 */
final class WorkerResults {

    private final RequestStats stats = new RequestStats();
    private final ExceptionLog exceptions = new ExceptionLog("master");
    private final Map<String, List<String>> logs = new ConcurrentHashMap<>();

    RequestStats stats() {
        return stats;
    }

    List<ExceptionReport> exceptions() {
        return exceptions.reports();
    }

    Map<String, List<String>> logs() {
        return Map.copyOf(logs);
    }

    /** Adds a worker's stats delta; counted even from a worker that already left (its last report follows its goodbye). */
    void report(WorkerReport report) {
        stats.merge(report.toRequestStats());
    }

    void exception(String worker, Object data) throws ProtocolException {
        UserException exception = UserException.fromWire(data);
        exceptions.record(worker, exception.message(), exception.traceback());
    }

    /** Locust's {@code update_worker_logs}: the lines replace what the worker sent before. */
    void logs(Object data) throws ProtocolException {
        WireFields fields = WireFields.of(data, "logs data");
        logs.put(
                fields.string("worker_id"),
                fields.list("logs").stream().map(String::valueOf).toList());
    }

    /** A new test, or {@code /stats/reset}: stats and exceptions start over. */
    void reset() {
        stats.reset();
        exceptions.clear();
    }
}
