package io.github.oteldemo.loader.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.ArrivalRateRunner;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --otel} with {@code --arrival-rate}: the open model's requests are client spans that
 * reach a real OTLP receiver, and their ids reach a real HTTP server as traceparent, as the
 * closed model's do ({@link RequestTracingTest}).
 */
class ArrivalRateTracingTest {

    @Test
    void eachOpenModelRequestIsAClientSpanWhoseTraceparentTheServerReceives() throws Exception {
        Set<String> traceparents = ConcurrentHashMap.newKeySet();
        CountDownLatch requests = new CountDownLatch(10);
        CountDownLatch failures = new CountDownLatch(2);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            boolean fail = exchange.getRequestURI().getPath().equals("/fail");
            exchange.sendResponseHeaders(fail ? 500 : 200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes());
            }
            requests.countDown();
            if (fail) {
                failures.countDown();
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        TaskFile tasks = new TaskFile(List.of(new UserClassSpec(
                "WebsiteUser",
                1,
                null,
                List.of(TaskSpec.GET_ROOT, new TaskSpec("failing", 1, "GET", "/fail", null, null, null)))));
        try (OtlpReceiver receiver = OtlpReceiver.start();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            RequestTracing tracing = RequestTracing.withDefaults(Map.of(
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
            ArrivalRateRunner runner = new ArrivalRateRunner(tasks, client, url, 40, "local", tracing);
            try {
                runner.start(2, 1, null);
                assertThat(requests.await(10, TimeUnit.SECONDS))
                        .as("10 requests arrived")
                        .isTrue();
                assertThat(failures.await(10, TimeUnit.SECONDS))
                        .as("2 of them /fail")
                        .isTrue();
            } finally {
                runner.quit();
                tracing.close();
                server.stop(0);
            }
            // Requests still in flight when the runner quit arrived but are not counted.
            assertThat(runner.stats().total().numRequests()).isPositive();

            List<Span> spans = receiver.awaitSpans(10, Duration.ofSeconds(10));
            assertThat(spans).allSatisfy(span -> {
                assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
                assertThat(span.getName()).isEqualTo("GET");
                assertThat(span.getParentSpanId().isEmpty()).isTrue();
                assertThat(OtlpAttributes.string(span.getAttributesList(), "http.request.method"))
                        .isEqualTo("GET");
                assertThat(OtlpAttributes.string(span.getAttributesList(), "server.address"))
                        .isEqualTo("127.0.0.1");
                assertThat(OtlpAttributes.integer(span.getAttributesList(), "server.port"))
                        .isEqualTo(server.getAddress().getPort());
            });
            Span failed = spans.stream()
                    .filter(s -> OtlpAttributes.string(s.getAttributesList(), "url.full")
                            .endsWith("/fail"))
                    .findFirst()
                    .orElseThrow();
            assertThat(OtlpAttributes.integer(failed.getAttributesList(), "http.response.status_code"))
                    .isEqualTo(500);
            assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

            // What the server got names exactly the client spans: the app's server spans become their children.
            for (Span span : spans) {
                String expected =
                        "00-" + HexFormat.of().formatHex(span.getTraceId().toByteArray()) + "-"
                                + HexFormat.of().formatHex(span.getSpanId().toByteArray()) + "-"
                                + String.format("%02x", span.getFlags() & 0xff);
                assertThat(traceparents).contains(expected);
            }
            assertThat(traceparents).doesNotContain("null");
            receiver.awaitMetric(
                    "http.client.request.duration",
                    m -> m.getHistogram().getDataPointsCount() > 0,
                    Duration.ofSeconds(10));
            receiver.awaitMetric(
                    "locust.client.duration",
                    m -> m.getHistogram().getDataPointsList().stream()
                            .anyMatch(p -> "failing".equals(OtlpAttributes.string(p.getAttributesList(), "name"))),
                    Duration.ofSeconds(10));
        }
    }
}
