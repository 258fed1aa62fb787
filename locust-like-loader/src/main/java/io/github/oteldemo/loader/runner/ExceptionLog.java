package io.github.oteldemo.loader.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exceptions raised inside users (a bug or a resource limit, not a failed request), grouped by
 * message and stack trace like Locust's {@code runner.exceptions}. Thread-safe.
 */
public final class ExceptionLog {

    private final String node;
    private final Map<String, ExceptionReport> reports = new LinkedHashMap<>();

    /** @param node the name of this node in reports ("local", or a worker id) */
    public ExceptionLog(String node) {
        this.node = node;
    }

    /** @param e an exception a user raised */
    public void record(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String message = String.valueOf(e);
        synchronized (reports) {
            reports.merge(
                    message + "\n" + trace,
                    new ExceptionReport(1, message, trace.toString(), Set.of(node)),
                    (old, added) -> new ExceptionReport(old.count() + 1, old.message(), old.traceback(), old.nodes()));
        }
    }

    /**
     * Records an exception a worker reported; Locust's master groups them by traceback and
     * collects the nodes where each happened.
     *
     * @param from      the worker's id
     * @param message   the exception's message
     * @param traceback where it was raised
     */
    public void record(String from, String message, String traceback) {
        synchronized (reports) {
            reports.merge(traceback, new ExceptionReport(1, message, traceback, Set.of(from)), (old, added) -> {
                Set<String> nodes = new java.util.TreeSet<>(old.nodes());
                nodes.add(from);
                return new ExceptionReport(old.count() + 1, old.message(), old.traceback(), Set.copyOf(nodes));
            });
        }
    }

    /** @return the grouped exceptions */
    public List<ExceptionReport> reports() {
        synchronized (reports) {
            return new ArrayList<>(reports.values());
        }
    }

    /** Forgets every exception. */
    public void clear() {
        synchronized (reports) {
            reports.clear();
        }
    }
}
