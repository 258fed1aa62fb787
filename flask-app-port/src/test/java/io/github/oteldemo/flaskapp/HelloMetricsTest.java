package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The custom counter, the HTTP duration histogram, runtime and SDK metrics, and the resource. */
class HelloMetricsTest {

    private static final int HELLOS = 7;
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @RegisterExtension
    @Order(1)
    static final CloseAfterAll CLOSE_RECEIVER = new CloseAfterAll(RECEIVER);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<FlaskAppConfiguration> APP = TestTelemetry.appExportingTo(
            RECEIVER,
            ConfigOverride.config("environment", "metrics-test"),
            ConfigOverride.config("otel.", "resource.attributes", "k8s.pod.name=flask-app-0,k8s.namespace.name=demo"));

    @Test
    void countsEveryHelloWithTheOriginalAttributesAndExportsTheSdkMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < HELLOS; i++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        Metric hellos = last(RECEIVER.awaitMetric(
                "flask_app_hello_requests",
                metric -> metric.getSum().getDataPointsCount() == 1
                        && metric.getSum().getDataPoints(0).getAsInt() == HELLOS,
                PATIENCE));
        assertThat(hellos.getUnit()).isEqualTo("1");
        assertThat(hellos.getDescription()).isEqualTo("Hello requests count");
        assertThat(hellos.getSum().getIsMonotonic()).isTrue();
        NumberDataPoint point = hellos.getSum().getDataPoints(0);
        assertThat(OtlpAttributes.asMap(point.getAttributesList()))
                .containsOnly(
                        entry("pid", Long.toString(ProcessHandle.current().pid())),
                        entry("app", "flask-app"),
                        entry("environment", "metrics-test"));

        RECEIVER.awaitMetric(
                "http.server.request.duration",
                metric -> metric.getHistogram().getDataPointsList().stream()
                        .anyMatch(histogram -> histogram.getCount() == HELLOS
                                && "/".equals(OtlpAttributes.string(histogram.getAttributesList(), "http.route"))
                                && Long.valueOf(200)
                                        .equals(OtlpAttributes.integer(
                                                histogram.getAttributesList(), "http.response.status_code"))),
                PATIENCE);
        RECEIVER.awaitMetric("jvm.memory.used", metric -> metric.getSum().getDataPointsCount() > 0, PATIENCE);
        // The span processor's own metrics: how a dropped span would show.
        RECEIVER.awaitMetric("processedSpans", metric -> metric.getSum().getDataPointsCount() > 0, PATIENCE);

        Resource resource = RECEIVER.resourceMetrics().get(0).getResource();
        assertThat(OtlpAttributes.string(resource.getAttributesList(), "service.name"))
                .isEqualTo("flask-app-tutorial");
        assertThat(OtlpAttributes.string(resource.getAttributesList(), "service.version"))
                .isNotBlank()
                .doesNotContain("${");
        assertThat(OtlpAttributes.string(resource.getAttributesList(), "k8s.pod.name"))
                .isEqualTo("flask-app-0");
        assertThat(OtlpAttributes.string(resource.getAttributesList(), "k8s.namespace.name"))
                .isEqualTo("demo");
    }

    private static Metric last(List<Metric> metrics) {
        return metrics.get(metrics.size() - 1);
    }
}
