package io.github.oteldemo.loader.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The traced run that {@link RequestTracingTest} (closed model) and {@link ArrivalRateTracingTest}
 * (open model) share: a user that requests {@code /} and a failing {@code /fail}, a server that
 * keeps each request's traceparent, and what both check of the client spans and metrics that
 * reach the OTLP receiver.
 */
final class ClientSpanAssertions {

    private ClientSpanAssertions() {}

    /**
     * @param waitTime the user's wait time, or {@code null} for none
     * @return one user class with the tasks {@code GET /} and {@code failing} ({@code GET /fail})
     */
    static TaskFile rootAndFailing(WaitTimeSpec waitTime) {
        return new TaskFile(List.of(new UserClassSpec(
                "WebsiteUser",
                1,
                waitTime,
                List.of(TaskSpec.GET_ROOT, new TaskSpec("failing", 1, "GET", "/fail", null, null, null)))));
    }

    /**
     * Starts a server on 127.0.0.1 that answers 500 at {@code /fail} and 200 elsewhere.
     *
     * @param traceparents where each request's {@code traceparent} header goes ({@code "null"} when it has none)
     * @return the started server
     * @throws IOException when it cannot bind
     */
    static HttpServer traceparentServer(Set<String> traceparents) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            String path = exchange.getRequestURI().getPath();
            exchange.sendResponseHeaders(path.equals("/fail") ? 500 : 200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes());
            }
        });
        server.start();
        return server;
    }

    /** @return tracing that exports to {@code receiver} at once: spans every 100 ms, metrics every 300 ms */
    static RequestTracing tracingTo(OtlpReceiver receiver) {
        return RequestTracing.withDefaults(Map.of(
                "otel.exporter.otlp.endpoint",
                receiver.grpcEndpoint(),
                "otel.exporter.otlp.protocol",
                "grpc",
                "otel.bsp.schedule.delay",
                "100",
                "otel.metric.export.interval",
                "300",
                "otel.logs.exporter",
                "none"));
    }

    /** Each span is a root client span of a {@code GET} to 127.0.0.1:{@code port}. */
    static void assertRootClientGets(List<Span> spans, int port) {
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            // Locust's span names: the method and the request's name (its path unless named).
            assertThat(span.getName()).isIn("GET /", "GET failing");
            assertThat(span.getParentSpanId().isEmpty()).isTrue();
            assertThat(OtlpAttributes.string(span.getAttributesList(), "http.request.method"))
                    .isEqualTo("GET");
            assertThat(OtlpAttributes.string(span.getAttributesList(), "server.address"))
                    .isEqualTo("127.0.0.1");
            assertThat(OtlpAttributes.integer(span.getAttributesList(), "server.port"))
                    .isEqualTo(port);
        });
    }

    /** @return the first span of a request to {@code /fail}, checked to carry the 500 and an error status */
    static Span assertFailedSpan(List<Span> spans) {
        Span failed = spans.stream()
                .filter(s ->
                        OtlpAttributes.string(s.getAttributesList(), "url.full").endsWith("/fail"))
                .findFirst()
                .orElseThrow();
        assertThat(OtlpAttributes.integer(failed.getAttributesList(), "http.response.status_code"))
                .isEqualTo(500);
        assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        return failed;
    }

    /**
     * The traceparents the server got name exactly the client spans (the app's server spans become
     * their children), and every request carried one.
     */
    static void assertTraceparentsNameSpans(Set<String> traceparents, List<Span> spans) {
        for (Span span : spans) {
            String expected = "00-" + HexFormat.of().formatHex(span.getTraceId().toByteArray()) + "-"
                    + HexFormat.of().formatHex(span.getSpanId().toByteArray()) + "-"
                    + String.format("%02x", span.getFlags() & 0xff);
            assertThat(traceparents).contains(expected);
        }
        assertThat(traceparents).doesNotContain("null");
    }

    /**
     * Quits the runner, then shuts the SDK and the server down, and returns the requests counted
     * in between. A request ends its span before the statistics count it, so each one counted here
     * has its span ended before the shutdown exports it; one that completes after the shutdown is
     * not in this count, and its span is not exported.
     */
    static long quitAndCount(LoadRunner runner, RequestTracing tracing, HttpServer server) {
        runner.quit();
        long counted = runner.stats().total().numRequests();
        tracing.close();
        server.stop(0);
        return counted;
    }

    /** Waits until at least 10 requests completed, two of them failed and two succeeded. */
    static void awaitCompleted(RequestStats stats) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(stats.total().numRequests()).isGreaterThanOrEqualTo(10);
            assertThat(stats.total().numFailures()).isGreaterThanOrEqualTo(2);
            assertThat(stats.total().numRequests() - stats.total().numFailures())
                    .isGreaterThanOrEqualTo(2);
        });
    }

    /** Waits for the OpenTelemetry and the Locust client duration histograms, the latter with the failing task. */
    static void awaitClientMetrics(OtlpReceiver receiver) {
        receiver.awaitMetric(
                "http.client.request.duration", m -> m.getHistogram().getDataPointsCount() > 0, Duration.ofSeconds(10));
        receiver.awaitMetric(
                "locust.client.duration",
                m -> m.getHistogram().getDataPointsList().stream()
                        .anyMatch(p -> "failing".equals(OtlpAttributes.string(p.getAttributesList(), "name"))),
                Duration.ofSeconds(10));
    }
}
