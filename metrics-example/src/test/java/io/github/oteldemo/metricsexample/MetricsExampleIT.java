package io.github.oteldemo.metricsexample;

import static io.github.oteldemo.testing.otlp.OtlpAttributes.asMap;
import static io.github.oteldemo.testing.otlp.OtlpAttributes.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the shaded jar as Kubernetes would and reads what a real OTLP receiver gets. */
class MetricsExampleIT {

    private static final String METRIC = "custom_metric_example";
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(15);

    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void countsEveryIntervalWithAttributesAndKubernetesResourceOverGrpc() throws Exception {
        Map<String, String> env = env("grpc", receiver.grpcEndpoint());
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "300");
        env.put(
                "OTEL_RESOURCE_ATTRIBUTES",
                "k8s.pod.name=metrics-example-7d4b9,k8s.namespace.name=demo,k8s.node.name=node-1");
        env.put("SUMMARY_INTERVAL", "1s");

        try (ProgramProcess program = ProgramProcess.start(env)) {
            List<Metric> exported = receiver.awaitMetric(METRIC, m -> value(m) >= 5, START);

            Metric metric = exported.get(exported.size() - 1);
            assertThat(metric.getUnit()).isEqualTo("1");
            assertThat(metric.getDescription()).isEqualTo("Example of custom metric sent with the OTLP exporter");
            assertThat(metric.getSum().getIsMonotonic()).isTrue();
            assertThat(metric.getSum().getAggregationTemporality())
                    .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            assertThat(metric.getSum().getDataPointsList()).hasSize(1);
            assertThat(asMap(metric.getSum().getDataPoints(0).getAttributesList()))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("app", "custom-metrics-example", "environment", "staging"));
            assertThat(exported).extracting(MetricsExampleIT::value).isSorted();

            ResourceMetrics batch = receiver.resourceMetrics().get(0);
            Map<String, Object> resource = asMap(batch.getResource().getAttributesList());
            assertThat(resource)
                    .containsEntry("service.name", "custom-metrics-example")
                    .containsEntry("k8s.pod.name", "metrics-example-7d4b9")
                    .containsEntry("k8s.namespace.name", "demo")
                    .containsEntry("k8s.node.name", "node-1")
                    .containsEntry("telemetry.sdk.language", "java");
            assertThat(batch.getScopeMetrics(0).getScope().getName()).isEqualTo("io.github.oteldemo.metricsexample");

            // At INFO: a periodic summary, not a line per increment.
            program.awaitLine("custom_metric_example went up \\d+ times in the last 1s", START);
            assertThat(program.stdout()).noneMatch(line -> line.contains("+1"));

            assertThat(program.terminate(EXIT)).isZero();
        }
    }

    @Test
    void honoursHttpProtobufServiceNameAndEnvironment() throws Exception {
        Map<String, String> env = env("http/protobuf", receiver.httpEndpoint());
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "300");
        env.put("OTEL_SERVICE_NAME", "renamed-example");
        env.put("APP_ENVIRONMENT", "production");

        try (ProgramProcess program = ProgramProcess.start(env)) {
            Metric metric =
                    receiver.awaitMetric(METRIC, m -> value(m) >= 1, START).get(0);

            assertThat(string(metric.getSum().getDataPoints(0).getAttributesList(), "environment"))
                    .isEqualTo("production");
            assertThat(string(receiver.resourceMetrics().get(0).getResource().getAttributesList(), "service.name"))
                    .isEqualTo("renamed-example");
            assertThat(program.terminate(EXIT)).isZero();
        }
    }

    @Test
    void sigtermExportsEveryIncrementBeforeExiting() throws Exception {
        Map<String, String> env = env("grpc", receiver.grpcEndpoint());
        // No periodic export during the test: whatever arrives was sent on SIGTERM.
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "3600000");
        env.put("LOG_LEVEL", "DEBUG");

        try (ProgramProcess program = ProgramProcess.start(env)) {
            program.awaitLine("custom_metric_example \\+1 \\(total 4\\)", START);
            assertThat(receiver.exportRequests()).isZero();

            assertThat(program.terminate(EXIT)).isZero();

            long counted = Long.parseLong(program.awaitLine("stopped after (\\d+) increments", EXIT));
            assertThat(counted).isGreaterThanOrEqualTo(4);
            assertThat(receiver.metrics(METRIC))
                    .extracting(MetricsExampleIT::value)
                    .containsExactly(counted);
            assertThat(program.stdout()).anyMatch(line -> line.endsWith("final export done"));
            assertThat(program.stderr()).isEmpty();
        }
    }

    @Test
    void sigtermWithAStuckCollectorStillExitsZeroInAFewSeconds() throws Exception {
        receiver.delayResponses(Duration.ofSeconds(60));
        Map<String, String> env = env("grpc", receiver.grpcEndpoint());
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "3600000");

        try (ProgramProcess program = ProgramProcess.start(env)) {
            program.awaitLine("health check on", START);

            long stopping = System.nanoTime();
            assertThat(program.terminate(EXIT)).isZero();
            Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(stopped).isLessThan(Duration.ofSeconds(10));
            assertThat(program.stdout()).anyMatch(line -> line.contains("final export unfinished"));
            assertThat(receiver.exportRequests()).isPositive();
        }
    }

    @Test
    void servesLivenessOnHealthz() throws Exception {
        try (ProgramProcess program = ProgramProcess.start(env("grpc", receiver.grpcEndpoint()))) {
            String base = program.awaitLine("health check on (\\S+)", START);
            String root = base.substring(0, base.length() - "/healthz".length());
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> healthy = get(client, root + "/healthz");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).isEqualTo("ok\n");
            assertThat(get(client, root + "/other").statusCode()).isEqualTo(404);
            HttpResponse<Void> post = client.send(
                    HttpRequest.newBuilder(URI.create(base))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(program.terminate(EXIT)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "INCREMENT_INTERVAL, abc, invalid INCREMENT_INTERVAL",
        "INCREMENT_INTERVAL, 0s, invalid INCREMENT_INTERVAL",
        "INCREMENT_INTERVAL, -5s, invalid INCREMENT_INTERVAL",
        "INCREMENT_INTERVAL, 5, invalid INCREMENT_INTERVAL",
        "HEALTH_PORT, abc, invalid HEALTH_PORT",
        "HEALTH_PORT, 70000, invalid HEALTH_PORT",
        "LOG_LEVEL, loud, invalid LOG_LEVEL",
        "SUMMARY_INTERVAL, 0ms, invalid SUMMARY_INTERVAL",
        "OTEL_EXPORTER_OTLP_PROTOCOL, carrier-pigeon, protocol",
        "OTEL_METRIC_EXPORT_INTERVAL, soon, otel.metric.export.interval",
    })
    void badSettingExitsTwoWithOneLineNamingIt(String variable, String value, String naming) throws Exception {
        Map<String, String> env = env("grpc", receiver.grpcEndpoint());
        env.put(variable, value);

        try (ProgramProcess program = ProgramProcess.start(env)) {
            assertThat(program.exitCode(EXIT)).isEqualTo(2);
            assertThat(program.stderr()).hasSize(1);
            assertThat(program.stderr().get(0))
                    .startsWith("metrics-example: invalid ")
                    .contains(naming)
                    .contains(value);
            assertThat(program.output()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void argumentsAreRejectedBecauseSettingsComeFromTheEnvironment() throws Exception {
        try (ProgramProcess program = ProgramProcess.start(env("grpc", receiver.grpcEndpoint()), "--interval=5s")) {
            assertThat(program.exitCode(EXIT)).isEqualTo(2);
            assertThat(program.stderr())
                    .containsExactly("metrics-example: unexpected argument '--interval=5s': settings come from"
                            + " environment variables (see README.md)");
        }
    }

    @Test
    void takenHealthPortExitsOneWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = env("grpc", receiver.grpcEndpoint());
            env.put("HEALTH_PORT", String.valueOf(taken.getLocalPort()));

            try (ProgramProcess program = ProgramProcess.start(env)) {
                assertThat(program.exitCode(EXIT)).isEqualTo(1);
                assertThat(program.stderr())
                        .singleElement()
                        .asString()
                        .startsWith("metrics-example: cannot serve /healthz on 127.0.0.1:" + taken.getLocalPort());
                assertThat(program.output()).doesNotContain("\tat ");
            }
        }
    }

    private static Map<String, String> env(String protocol, String endpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        env.put("INCREMENT_INTERVAL", "100ms");
        env.put("HEALTH_HOST", "127.0.0.1");
        env.put("HEALTH_PORT", "0");
        return env;
    }

    private static long value(Metric metric) {
        NumberDataPoint point = metric.getSum().getDataPoints(0);
        return point.getAsInt();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
