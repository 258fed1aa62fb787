package io.github.oteldemo.testing.otlp;

import io.grpc.Status;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A real OTLP collector for tests: gRPC and HTTP/protobuf servers on loopback that decode every
 * export and keep it for assertions.
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *   // point OTEL_EXPORTER_OTLP_ENDPOINT at receiver.grpcEndpoint() or receiver.httpEndpoint()
 *   List<Span> spans = receiver.awaitSpans(1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final Collector collector;
    private final GrpcTransport grpc;
    private final HttpTransport http;

    private OtlpReceiver(boolean keeps, int grpcPort, int httpPort) {
        collector = new Collector(keeps);
        grpc = new GrpcTransport(new InetSocketAddress(loopback(), grpcPort), collector);
        try {
            http = new HttpTransport(new InetSocketAddress(loopback(), httpPort), collector);
        } catch (RuntimeException e) {
            grpc.close();
            throw e;
        }
    }

    /** Starts both servers on 127.0.0.1, each on a free port. */
    public static OtlpReceiver start() {
        return new OtlpReceiver(true, 0, 0);
    }

    /**
     * Starts both servers on 127.0.0.1 (port 0: a free one) in count-only mode: exports are counted
     * ({@link #counts()}) but not kept, so memory stays flat at benchmark rates, and trace exports
     * are counted on the wire without being parsed ({@link SpanCount}). What would return or await
     * the data throws {@link IllegalStateException}.
     */
    public static OtlpReceiver startCountOnly(int grpcPort, int httpPort) {
        return new OtlpReceiver(false, grpcPort, httpPort);
    }

    /** Base URL for {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}. */
    public String grpcEndpoint() {
        return "http://" + HOST + ":" + grpc.port();
    }

    /**
     * Base URL for {@code http/protobuf}; the signals are under /v1/traces, /v1/metrics, /v1/logs.
     */
    public String httpEndpoint() {
        return "http://" + HOST + ":" + http.port();
    }

    /** Every span batch accepted so far, in arrival order. */
    public List<ResourceSpans> resourceSpans() {
        return collector.resourceSpans();
    }

    /** Every span accepted so far, in arrival order, without resource and scope. */
    public List<Span> spans() {
        return collector.spans();
    }

    /** Every metric batch accepted so far, in arrival order. */
    public List<ResourceMetrics> resourceMetrics() {
        return collector.resourceMetrics();
    }

    /**
     * Every exported instance of the metric {@code name}, one per export that carried it, in arrival
     * order.
     */
    public List<Metric> metrics(String name) {
        return collector.metrics(name);
    }

    /** Every log batch accepted so far, in arrival order. */
    public List<ResourceLogs> resourceLogs() {
        return collector.resourceLogs();
    }

    /**
     * Waits until at least {@code atLeast} spans have arrived.
     *
     * @throws AssertionError naming the spans that did arrive, when {@code timeout} passes first
     */
    public List<Span> awaitSpans(int atLeast, Duration timeout) {
        return collector.await(
                Collector::spans,
                spans -> spans.size() >= atLeast,
                timeout,
                spans -> "expected at least "
                        + atLeast
                        + " spans within "
                        + timeout
                        + " but "
                        + spans.size()
                        + " arrived "
                        + spans.stream().map(Span::getName).toList()
                        + " in "
                        + collector.exportRequests()
                        + " export requests");
    }

    /**
     * Waits until some exported instance of the metric {@code name} satisfies {@code until}, e.g. a
     * counter reaching a value.
     *
     * @return every instance of the metric received so far, the matching one among them
     * @throws AssertionError showing what did arrive, when {@code timeout} passes first
     */
    public List<Metric> awaitMetric(String name, Predicate<Metric> until, Duration timeout) {
        return collector.await(
                received -> received.metrics(name),
                metrics -> metrics.stream().anyMatch(until),
                timeout,
                metrics -> "no metric "
                        + name
                        + " matching the condition arrived within "
                        + timeout
                        + "; "
                        + (metrics.isEmpty()
                                ? "metrics that did arrive: " + collector.metricNames()
                                : "last one: " + metrics.get(metrics.size() - 1)));
    }

    /** Spans, metric points and log records accepted so far, and when the first export came. */
    public OtlpCounts counts() {
        return collector.counts();
    }

    /** Export calls received on either transport for any signal, including rejected ones. */
    public long exportRequests() {
        return collector.exportRequests();
    }

    /**
     * Makes every following export fail with {@code grpcCode} (gRPC) or {@code httpStatus} (HTTP),
     * without keeping the data; {@code (OK, 200)} restores normal service.
     */
    public void respondWith(Status.Code grpcCode, int httpStatus) {
        Objects.requireNonNull(grpcCode, "grpcCode");
        if (httpStatus < 200 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be an HTTP status, got " + httpStatus);
        }
        if ((grpcCode == Status.Code.OK) != (httpStatus == 200)) {
            throw new IllegalArgumentException("OK and 200 go together; got " + grpcCode + " with " + httpStatus);
        }
        Reply current = collector.reply();
        collector.replyWith(new Reply(grpcCode, httpStatus, current.delay()));
    }

    /** Holds every following reply back by {@code delay}, like a slow collector; zero restores. */
    public void delayResponses(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        Reply current = collector.reply();
        collector.replyWith(new Reply(current.grpcCode(), current.httpStatus(), delay));
    }

    /** Forgets everything received, the counts and the request count; fault settings stay. */
    public void reset() {
        collector.reset();
    }

    @Override
    public void close() {
        collector.close();
        grpc.close();
        http.close();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("IPv4 loopback " + HOST + " is not available", e);
        }
    }
}
