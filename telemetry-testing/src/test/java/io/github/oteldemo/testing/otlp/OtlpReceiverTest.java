package io.github.oteldemo.testing.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Drives the receiver with the OpenTelemetry SDK's own OTLP exporters, over both transports. */
class OtlpReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Resource RESOURCE = Resource.getDefault()
            .merge(Resource.builder().put("service.name", "receiver-test").build());

    enum Transport {
        GRPC,
        HTTP
    }

    private OtlpReceiver receiver;

    @BeforeEach
    void start() {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void decodesSpansWithResourceAndAttributes(Transport transport) {
        try (SdkTracerProvider tracing = tracing(spanExporter(transport, Duration.ofSeconds(5)))) {
            tracing.get("test")
                    .spanBuilder("GET /")
                    .setAttribute("http.request.method", "GET")
                    .setAttribute("http.response.status_code", 200L)
                    .startSpan()
                    .end();
            tracing.forceFlush().join(5, TimeUnit.SECONDS);
        }

        List<Span> spans = receiver.awaitSpans(1, WAIT);

        assertThat(spans).extracting(Span::getName).containsExactly("GET /");
        assertThat(OtlpAttributes.string(spans.get(0).getAttributesList(), "http.request.method"))
                .isEqualTo("GET");
        assertThat(OtlpAttributes.integer(spans.get(0).getAttributesList(), "http.response.status_code"))
                .isEqualTo(200L);
        assertThat(OtlpAttributes.string(
                        receiver.resourceSpans().get(0).getResource().getAttributesList(), "service.name"))
                .isEqualTo("receiver-test");
        assertThat(receiver.exportRequests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void decodesCounterPoints(Transport transport) {
        try (SdkMeterProvider metering = metering(metricExporter(transport))) {
            LongCounter counter = metering.get("test")
                    .counterBuilder("test_counter")
                    .setUnit("1")
                    .build();
            Attributes attributes = Attributes.of(AttributeKey.stringKey("app"), "receiver-test");
            counter.add(2, attributes);
            metering.forceFlush().join(5, TimeUnit.SECONDS);
            counter.add(3, attributes);
            metering.forceFlush().join(5, TimeUnit.SECONDS);
        }

        List<Metric> metrics = receiver.awaitMetric("test_counter", m -> value(m) == 5, WAIT);

        assertThat(metrics).extracting(OtlpReceiverTest::value).startsWith(2L, 5L);
        NumberDataPoint point = metrics.get(0).getSum().getDataPoints(0);
        assertThat(OtlpAttributes.asMap(point.getAttributesList())).containsEntry("app", "receiver-test");
        assertThat(metrics.get(0).getUnit()).isEqualTo("1");
        assertThat(receiver.metrics("no_such_metric")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void decodesLogs(Transport transport) {
        try (SdkLoggerProvider logging = SdkLoggerProvider.builder()
                .setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter(transport)))
                .build()) {
            Logger logger = logging.get("test");
            logger.logRecordBuilder().setBody("hello receiver").emit();
            logging.forceFlush().join(5, TimeUnit.SECONDS);
        }

        assertThat(receiver.resourceLogs())
                .flatExtracting(resource -> resource.getScopeLogsList())
                .flatExtracting(scope -> scope.getLogRecordsList())
                .extracting(record -> record.getBody().getStringValue())
                .containsExactly("hello receiver");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void injectedFaultFailsTheExportAndKeepsNothing(Transport transport) {
        receiver.respondWith(Status.Code.INVALID_ARGUMENT, 400);
        SpanExporter exporter = spanExporter(transport, Duration.ofSeconds(5));

        CompletableResultCode failed = exportOneSpan(exporter);

        assertThat(failed.isSuccess()).isFalse();
        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.exportRequests()).isEqualTo(1);

        receiver.respondWith(Status.Code.OK, 200);
        assertThat(exportOneSpan(exporter).isSuccess()).isTrue();
        assertThat(receiver.spans()).hasSize(1);
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void slowCollectorTimesTheExporterOut(Transport transport) {
        receiver.delayResponses(Duration.ofSeconds(3));
        SpanExporter exporter = spanExporter(transport, Duration.ofMillis(300));

        assertThat(exportOneSpan(exporter).isSuccess()).isFalse();

        receiver.delayResponses(Duration.ZERO);
        receiver.reset();
        assertThat(exportOneSpan(exporter).isSuccess()).isTrue();
        assertThat(receiver.spans()).hasSize(1);
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void countOnlyModeCountsEverySignalAndKeepsNothing(Transport transport) {
        receiver.close();
        receiver = OtlpReceiver.startCountOnly(0, 0);
        SpanExporter spans = spanExporter(transport, Duration.ofSeconds(5));
        exportOneSpan(spans);
        exportOneSpan(spans);
        spans.shutdown().join(5, TimeUnit.SECONDS);
        try (SdkMeterProvider metering = metering(metricExporter(transport))) {
            LongCounter counter =
                    metering.get("test").counterBuilder("test_counter").build();
            counter.add(1, Attributes.of(AttributeKey.stringKey("app"), "a"));
            counter.add(1, Attributes.of(AttributeKey.stringKey("app"), "b"));
            metering.forceFlush().join(5, TimeUnit.SECONDS);
        }
        try (SdkLoggerProvider logging = SdkLoggerProvider.builder()
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter(transport)))
                .build()) {
            logging.get("test").logRecordBuilder().setBody("counted").emit();
            logging.forceFlush().join(5, TimeUnit.SECONDS);
        }

        OtlpCounts counts = receiver.counts();
        assertThat(counts.spans()).isEqualTo(2);
        // Closing the meter provider may export once more, so at least the two series' points.
        assertThat(counts.metricPoints()).isGreaterThanOrEqualTo(2);
        assertThat(counts.logRecords()).isEqualTo(1);
        assertThat(counts.exportRequests()).isGreaterThanOrEqualTo(4);
        assertThat(counts.firstExport()).isPresent();
        assertThatThrownBy(() -> receiver.spans()).isInstanceOf(IllegalStateException.class);

        receiver.reset();
        assertThat(receiver.counts()).isEqualTo(new OtlpCounts(0, 0, 0, 0, Optional.empty()));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void countOnlyModeCountsCompressedBatchesOfSeveralScopes(Transport transport) {
        receiver.close();
        receiver = OtlpReceiver.startCountOnly(0, 0);
        SpanExporter exporter = switch (transport) {
            case GRPC ->
                OtlpGrpcSpanExporter.builder()
                        .setEndpoint(receiver.grpcEndpoint())
                        .setCompression("gzip")
                        .build();
            case HTTP ->
                OtlpHttpSpanExporter.builder()
                        .setEndpoint(receiver.httpEndpoint() + "/v1/traces")
                        .setCompression("gzip")
                        .build();
        };
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .setResource(RESOURCE)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build()) {
            for (int i = 0; i < 300; i++) {
                tracing.get(i % 2 == 0 ? "even" : "odd")
                        .spanBuilder("span-" + i)
                        .setAttribute("index", i)
                        .startSpan()
                        .end();
            }
            tracing.forceFlush().join(10, TimeUnit.SECONDS);
        }

        assertThat(receiver.counts().spans()).isEqualTo(300);
    }

    @Test
    void countOnlyModeRejectsWhatIsNotATraceExport() throws Exception {
        receiver.close();
        receiver = OtlpReceiver.startCountOnly(0, 0);
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThat(post(
                        HttpClient.newHttpClient(),
                        receiver.httpEndpoint() + "/v1/traces",
                        "application/x-protobuf",
                        garbage))
                .isEqualTo(400);
        assertThat(receiver.counts().spans()).isZero();
    }

    @Test
    void keepingModeCountsToo() {
        SpanExporter exporter = spanExporter(Transport.GRPC, Duration.ofSeconds(5));
        exportOneSpan(exporter);

        assertThat(receiver.counts().spans()).isEqualTo(1);
        assertThat(receiver.spans()).hasSize(1);
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    @Test
    void resetForgetsEverything() {
        SpanExporter exporter = spanExporter(Transport.GRPC, Duration.ofSeconds(5));
        exportOneSpan(exporter);
        receiver.reset();

        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.resourceSpans()).isEmpty();
        assertThat(receiver.exportRequests()).isZero();
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    @Test
    void awaitSpansTellsWhatArrivedOnTimeout() {
        SpanExporter exporter = spanExporter(Transport.GRPC, Duration.ofSeconds(5));
        exportOneSpan(exporter);

        assertThatThrownBy(() -> receiver.awaitSpans(2, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 2 spans")
                .hasMessageContaining("1 arrived [probe]");
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    @Test
    void awaitMetricNamesWhatArrivedOnTimeout() {
        assertThatThrownBy(() -> receiver.awaitMetric("missing", m -> true, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no metric missing")
                .hasMessageContaining("metrics that did arrive: []");
    }

    @Test
    void gzipBodiesAreDecoded() {
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(receiver.httpEndpoint() + "/v1/traces")
                .setCompression("gzip")
                .build();

        assertThat(exportOneSpan(exporter).isSuccess()).isTrue();
        assertThat(receiver.spans()).extracting(Span::getName).containsExactly("probe");
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    @Test
    void httpRejectsWhatIsNotAnOtlpExport() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = receiver.httpEndpoint();
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThat(post(client, base + "/v1/traces", "application/x-protobuf", garbage))
                .isEqualTo(400);
        assertThat(post(client, base + "/v1/traces", "application/json", "{}".getBytes()))
                .isEqualTo(415);
        assertThat(post(client, base + "/v1/tracesx", "application/x-protobuf", new byte[0]))
                .isEqualTo(404);
        HttpResponse<Void> get = client.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/metrics")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(receiver.exportRequests()).isZero();

        assertThat(post(client, base + "/v1/logs", "application/x-protobuf", new byte[0]))
                .isEqualTo(200);
    }

    @Test
    void faultSettingsAreChecked() {
        assertThatThrownBy(() -> receiver.respondWith(Status.Code.OK, 503))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> receiver.respondWith(Status.Code.UNAVAILABLE, 200))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> receiver.delayResponses(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointsAreLoopbackOnDistinctPorts() {
        assertThat(receiver.grpcEndpoint()).startsWith("http://127.0.0.1:");
        assertThat(receiver.httpEndpoint()).startsWith("http://127.0.0.1:");
        assertThat(receiver.grpcEndpoint()).isNotEqualTo(receiver.httpEndpoint());
    }

    private static long value(Metric metric) {
        return metric.getSum().getDataPoints(0).getAsInt();
    }

    private static int post(HttpClient client, String url, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Exports one finished span straight through the exporter and waits for the outcome. */
    private static CompletableResultCode exportOneSpan(SpanExporter exporter) {
        SpanData probe = TestSpanData.builder()
                .setName("probe")
                .setKind(SpanKind.INTERNAL)
                .setSpanContext(SpanContext.create(
                        "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331",
                        TraceFlags.getSampled(),
                        TraceState.getDefault()))
                .setStartEpochNanos(1)
                .setEndEpochNanos(2)
                .setHasEnded(true)
                .setStatus(StatusData.unset())
                .setResource(RESOURCE)
                .build();
        return exporter.export(List.of(probe)).join(10, TimeUnit.SECONDS);
    }

    private SdkTracerProvider tracing(SpanExporter exporter) {
        return SdkTracerProvider.builder()
                .setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
    }

    private SdkMeterProvider metering(MetricExporter exporter) {
        return SdkMeterProvider.builder()
                .setResource(RESOURCE)
                .registerMetricReader(PeriodicMetricReader.builder(exporter).build())
                .build();
    }

    private SpanExporter spanExporter(Transport transport, Duration timeout) {
        return switch (transport) {
            case GRPC ->
                OtlpGrpcSpanExporter.builder()
                        .setEndpoint(receiver.grpcEndpoint())
                        .setTimeout(timeout)
                        .setRetryPolicy(null)
                        .build();
            case HTTP ->
                OtlpHttpSpanExporter.builder()
                        .setEndpoint(receiver.httpEndpoint() + "/v1/traces")
                        .setTimeout(timeout)
                        .setRetryPolicy(null)
                        .build();
        };
    }

    private MetricExporter metricExporter(Transport transport) {
        return switch (transport) {
            case GRPC ->
                OtlpGrpcMetricExporter.builder()
                        .setEndpoint(receiver.grpcEndpoint())
                        .build();
            case HTTP ->
                OtlpHttpMetricExporter.builder()
                        .setEndpoint(receiver.httpEndpoint() + "/v1/metrics")
                        .build();
        };
    }

    private LogRecordExporter logExporter(Transport transport) {
        return switch (transport) {
            case GRPC ->
                OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint(receiver.grpcEndpoint())
                        .build();
            case HTTP ->
                OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(receiver.httpEndpoint() + "/v1/logs")
                        .build();
        };
    }
}
