package io.github.oteldemo.testing.otlp;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What both transports hand their decoded exports to: it counts them, remembers them in arrival
 * order unless it only counts, decides the reply, and wakes up tests waiting for data.
 *
 * <p>One monitor guards everything: a single lock keeps the "wait until something arrives" logic
 * obviously correct, and even at benchmark rates exports come in batches, a few dozen a second.
 */
final class Collector {

    private final boolean keeps;
    private final List<ResourceSpans> spans = new ArrayList<>();
    private final List<ResourceMetrics> metrics = new ArrayList<>();
    private final List<ResourceLogs> logs = new ArrayList<>();
    private long exportRequests;
    private long spanCount;
    private long metricPointCount;
    private long logRecordCount;
    private Instant firstExport;
    private volatile Reply reply = Reply.ACCEPT;
    private boolean closed;

    /**
     * @param keeps whether to remember what arrives; a benchmark's sink only counts, because keeping
     *     tens of thousands of spans a second takes gigabytes and the CPU of their collection
     */
    Collector(boolean keeps) {
        this.keeps = keeps;
    }

    boolean keeps() {
        return keeps;
    }

    void replyWith(Reply next) {
        reply = next;
    }

    Reply reply() {
        return reply;
    }

    /**
     * Counts one export call, stalls as configured, and keeps the payload only when the reply accepts
     * it. Runs on the transport's request thread, which is what a slow collector blocks.
     */
    Reply export(Runnable keep) throws InterruptedException {
        Reply current = reply;
        synchronized (this) {
            exportRequests++;
            if (firstExport == null) {
                firstExport = Instant.now();
            }
            notifyAll();
            // Waiting on the monitor rather than sleeping lets close() cut a delay short.
            long until = System.nanoTime() + current.delay().toNanos();
            long left = current.delay().toNanos();
            while (left > 0 && !closed) {
                wait(Math.max(1, Duration.ofNanos(left).toMillis()));
                left = until - System.nanoTime();
            }
        }
        if (current.accepts()) {
            keep.run();
        }
        return current;
    }

    synchronized void keepSpans(List<ResourceSpans> received) {
        for (ResourceSpans resource : received) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                spanCount += scope.getSpansCount();
            }
        }
        if (keeps) {
            spans.addAll(received);
        }
        notifyAll();
    }

    /** For count-only mode, where the transport counted the spans without decoding them. */
    synchronized void countSpans(long count) {
        spanCount += count;
        notifyAll();
    }

    synchronized void keepMetrics(List<ResourceMetrics> received) {
        for (ResourceMetrics resource : received) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    metricPointCount += points(metric);
                }
            }
        }
        if (keeps) {
            metrics.addAll(received);
        }
        notifyAll();
    }

    synchronized void keepLogs(List<ResourceLogs> received) {
        for (ResourceLogs resource : received) {
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                logRecordCount += scope.getLogRecordsCount();
            }
        }
        if (keeps) {
            logs.addAll(received);
        }
        notifyAll();
    }

    synchronized OtlpCounts counts() {
        return new OtlpCounts(exportRequests, spanCount, metricPointCount, logRecordCount, firstExport);
    }

    synchronized List<ResourceSpans> resourceSpans() {
        requireKeeping();
        return List.copyOf(spans);
    }

    synchronized List<ResourceMetrics> resourceMetrics() {
        requireKeeping();
        return List.copyOf(metrics);
    }

    synchronized List<ResourceLogs> resourceLogs() {
        requireKeeping();
        return List.copyOf(logs);
    }

    synchronized long exportRequests() {
        return exportRequests;
    }

    synchronized List<Span> spans() {
        requireKeeping();
        return spans.stream()
                .flatMap(resource -> resource.getScopeSpansList().stream())
                .map(ScopeSpans::getSpansList)
                .flatMap(List::stream)
                .toList();
    }

    synchronized List<Metric> metrics(String name) {
        requireKeeping();
        return metrics.stream()
                .flatMap(resource -> resource.getScopeMetricsList().stream())
                .map(ScopeMetrics::getMetricsList)
                .flatMap(List::stream)
                .filter(metric -> metric.getName().equals(name))
                .toList();
    }

    synchronized List<String> metricNames() {
        requireKeeping();
        return metrics.stream()
                .flatMap(resource -> resource.getScopeMetricsList().stream())
                .flatMap(scope -> scope.getMetricsList().stream())
                .map(Metric::getName)
                .distinct()
                .toList();
    }

    /** Releases exports held back by a delay, so servers can stop at once. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized void reset() {
        spans.clear();
        metrics.clear();
        logs.clear();
        exportRequests = 0;
        spanCount = 0;
        metricPointCount = 0;
        logRecordCount = 0;
        firstExport = null;
    }

    private void requireKeeping() {
        if (!keeps) {
            throw new IllegalStateException("this receiver only counts what arrives; see counts()");
        }
    }

    private static int points(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    /**
     * Waits until {@code snapshot} satisfies {@code done}, re-checking on every arrival.
     *
     * @return the last snapshot, which satisfies {@code done}
     * @throws AssertionError built by {@code failure} from the last snapshot on timeout
     */
    synchronized <T> T await(
            Function<Collector, T> snapshot, Predicate<T> done, Duration timeout, Function<T, String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T current = snapshot.apply(this);
        while (!done.test(current)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(failure.apply(current));
            }
            try {
                wait(Math.max(1, Duration.ofNanos(left).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for telemetry", e);
            }
            current = snapshot.apply(this);
        }
        return current;
    }
}
