package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.MessageCodec;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.UserException;
import io.github.oteldemo.loader.protocol.WorkerLogs;
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

    private final MessageCodec codec;
    private final RequestStats stats = new RequestStats();
    private final ExceptionLog exceptions = new ExceptionLog("master");
    private final Map<String, List<String>> logs = new ConcurrentHashMap<>();

    WorkerResults(MessageCodec codec) {
        this.codec = codec;
    }

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

    void exception(String worker, Message message) throws ProtocolException {
        UserException exception = codec.read(message, UserException.class);
        exceptions.record(worker, exception.message(), exception.traceback());
    }

    /** Locust's {@code update_worker_logs}: the lines replace what the worker sent before. */
    void logs(Message message) throws ProtocolException {
        WorkerLogs lines = codec.read(message, WorkerLogs.class);
        logs.put(lines.workerId(), lines.logs());
    }

    /** A new test, or {@code /stats/reset}: stats and exceptions start over. */
    void reset() {
        stats.reset();
        exceptions.clear();
    }
}
