package io.github.oteldemo.loader.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
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
import org.junit.jupiter.api.Test;

/** {@code --otel}: client spans reach a real OTLP receiver, and their ids reach a real HTTP server as traceparent. */
class RequestTracingTest {

    @Test
    void eachRequestIsAClientSpanWhoseTraceparentTheServerReceives() throws Exception {
        Set<String> traceparents = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            int status = exchange.getRequestURI().getPath().equals("/fail") ? 500 : 200;
            exchange.sendResponseHeaders(status, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes());
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        TaskFile tasks = new TaskFile(List.of(new UserClassSpec(
                "WebsiteUser",
                1,
                new WaitTimeSpec("constant", null, null, 0.05, null),
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
            LocalRunner runner = new LocalRunner(tasks, client, url, Duration.ofSeconds(1), "local", tracing);
            try {
                runner.start(1, 10, null);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(runner.stats().total().numRequests()).isGreaterThanOrEqualTo(10);
                    assertThat(runner.stats().total().numFailures()).isGreaterThanOrEqualTo(2);
                });
            } finally {
                runner.quit();
                tracing.close();
                server.stop(0);
            }
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
            assertThat(OtlpAttributes.string(failed.getAttributesList(), "error.type"))
                    .isEqualTo("500");
            assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            Span ok = spans.stream()
                    .filter(s -> OtlpAttributes.string(s.getAttributesList(), "url.full")
                            .equals(url + "/"))
                    .findFirst()
                    .orElseThrow();
            assertThat(OtlpAttributes.integer(ok.getAttributesList(), "http.response.status_code"))
                    .isEqualTo(200);

            // The header the server got names exactly the client span: the app's server span becomes its child.
            for (Span span : spans) {
                String expected =
                        "00-" + HexFormat.of().formatHex(span.getTraceId().toByteArray()) + "-"
                                + HexFormat.of().formatHex(span.getSpanId().toByteArray()) + "-"
                                + String.format("%02x", span.getFlags() & 0xff);
                assertThat(traceparents).contains(expected);
            }
            // Sampled (and, with a random trace id, the W3C level 2 "random" bit).
            assertThat(traceparents).allMatch(t -> t.endsWith("-01") || t.endsWith("-03"));
            assertThat(receiver.resourceSpans().get(0).getResource().getAttributesList())
                    .anySatisfy(
                            kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue())
                                    .isEqualTo("service.name=locust"));
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
