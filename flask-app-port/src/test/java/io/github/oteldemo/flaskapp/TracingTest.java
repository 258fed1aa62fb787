package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every request on the application port makes one SERVER span, whatever becomes of it. */
class TracingTest {

    private static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @RegisterExtension
    @Order(1)
    static final CloseAfterAll CLOSE_RECEIVER = new CloseAfterAll(RECEIVER);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<FlaskAppConfiguration> APP = TestTelemetry.appExportingTo(RECEIVER);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void helloAnswersAndItsSpanFollowsTheHttpSemanticConventions() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(app("/"))
                        .header("User-Agent", "tracing-test/1.0")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello World!");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");

        Span span = spanAnswering(response);
        assertThat(span.getName()).isEqualTo("GET /");
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getParentSpanId().isEmpty()).isTrue();
        assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
        List<KeyValue> attributes = span.getAttributesList();
        assertThat(OtlpAttributes.string(attributes, "http.request.method")).isEqualTo("GET");
        assertThat(OtlpAttributes.string(attributes, "url.path")).isEqualTo("/");
        assertThat(OtlpAttributes.string(attributes, "url.scheme")).isEqualTo("http");
        assertThat(OtlpAttributes.string(attributes, "http.route")).isEqualTo("/");
        assertThat(OtlpAttributes.integer(attributes, "http.response.status_code"))
                .isEqualTo(200L);
        assertThat(OtlpAttributes.string(attributes, "server.address")).isEqualTo("127.0.0.1");
        assertThat(OtlpAttributes.integer(attributes, "server.port")).isEqualTo((long) APP.getLocalPort());
        assertThat(OtlpAttributes.string(attributes, "client.address")).isEqualTo("127.0.0.1");
        assertThat(OtlpAttributes.string(attributes, "user_agent.original")).isEqualTo("tracing-test/1.0");
        assertThat(OtlpAttributes.string(attributes, "network.protocol.version"))
                .isEqualTo("1.1");
    }

    @Test
    void anIncomingTraceparentMakesTheSpanItsChild() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String callerSpanId = "b7ad6b7169203331";
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(app("/"))
                        .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        Span span = spanAnswering(response);
        assertThat(hex(span.getTraceId().toByteArray())).isEqualTo(traceId);
        assertThat(hex(span.getParentSpanId().toByteArray())).isEqualTo(callerSpanId);
        assertThat(response.headers().firstValue("traceparent").orElseThrow())
                .startsWith("00-" + traceId + "-" + hex(span.getSpanId().toByteArray()) + "-");
    }

    @Test
    void anUnknownPathIs404AndStillTraced() throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(app("/no/such/page")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        Span span = spanAnswering(response);
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(OtlpAttributes.string(span.getAttributesList(), "url.path")).isEqualTo("/no/such/page");
        assertThat(OtlpAttributes.integer(span.getAttributesList(), "http.response.status_code"))
                .isEqualTo(404L);
        assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    }

    @Test
    void anUnsupportedMethodIs405AndStillTraced() throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(app("/")).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        Span span = spanAnswering(response);
        assertThat(OtlpAttributes.string(span.getAttributesList(), "http.request.method"))
                .isEqualTo("DELETE");
        assertThat(OtlpAttributes.integer(span.getAttributesList(), "http.response.status_code"))
                .isEqualTo(405L);
    }

    @Test
    void oversizedHeadersAre431AndStillTraced() throws Exception {
        String statusLine = RawHttp.statusLine(
                APP.getLocalPort(),
                "GET /oversized HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n");

        assertThat(statusLine).startsWith("HTTP/1.1 431");
        Span span = awaitSpan(withStatus(431));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(OtlpAttributes.string(span.getAttributesList(), "http.request.method"))
                .isEqualTo("GET");
    }

    @Test
    void malformedRequestsAre400AndStillTraced() throws Exception {
        String statusLine = RawHttp.statusLine(
                APP.getLocalPort(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nthis line is no header\r\n\r\n");

        assertThat(statusLine).startsWith("HTTP/1.1 400");
        Span span = awaitSpan(withStatus(400));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    }

    @Test
    void theAdminPortIsNotTraced() throws Exception {
        HttpResponse<String> ping = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/ping"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> hello =
                HTTP.send(HttpRequest.newBuilder(app("/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ping.statusCode()).isEqualTo(200);
        spanAnswering(hello);
        assertThat(RECEIVER.spans())
                .noneMatch(span -> "/ping".equals(OtlpAttributes.string(span.getAttributesList(), "url.path")));
    }

    private static URI app(String path) {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort() + path);
    }

    /** The span whose context the response's traceparent header carries. */
    private static Span spanAnswering(HttpResponse<?> response) {
        String[] traceparent =
                response.headers().firstValue("traceparent").orElseThrow().split("-");
        String spanId = traceparent[2];
        return awaitSpan(span -> hex(span.getSpanId().toByteArray()).equals(spanId));
    }

    private static Predicate<Span> withStatus(long status) {
        return span -> Long.valueOf(status)
                .equals(OtlpAttributes.integer(span.getAttributesList(), "http.response.status_code"));
    }

    private static Span awaitSpan(Predicate<Span> wanted) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<Span> received = RECEIVER.spans();
            assertThat(received.stream().anyMatch(wanted))
                    .as(
                            "a matching span among those received: %s",
                            received.stream().map(Span::getName).toList())
                    .isTrue();
        });
        // Spans are only ever added, so the one found above is still there.
        return RECEIVER.spans().stream().filter(wanted).findFirst().orElseThrow();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
