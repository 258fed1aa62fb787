package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every chart-testing scenario (charts/otel-demo/ci/*-values.yaml) and every collector
 * overlay (otel-collector-values/*.yaml) renders, fits the Kubernetes API and keeps the
 * chart's rules; with the collector chart present, each also does what it promises.
 */
class ScenariosTest {

    /** What each overlay needs from the user (its `required` values). */
    static final Map<String, Map<String, String>> OVERLAY_VALUES = Map.of(
            "google-cloud.yaml", Map.of("global.googleCloud.project", "test-project"),
            "google-cloud-legacy.yaml", Map.of("global.googleCloud.project", "test-project"),
            "otlp-backend.yaml", Map.of("global.otlpBackend.endpoint", "otlp.example.com:4317"));

    @TempDir
    static Path strippedChart;

    static ChartUnderTest chart;
    static ChartUnderTest stripped;

    @BeforeAll
    static void copy() {
        chart = ChartUnderTest.fromBuild();
        stripped = chart.withoutDependencies(strippedChart);
    }

    static Stream<Path> scenarios() throws IOException {
        return list(ChartUnderTest.fromBuild().directory().resolve("ci"), "-values.yaml");
    }

    static Stream<Path> overlays() throws IOException {
        return list(ChartUnderTest.directoryProperty("collector-values.directory"), ".yaml");
    }

    private static Stream<Path> list(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
            assertThat(found).as("files in %s", directory).isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest(name = "ci/{0}")
    @MethodSource("scenarios")
    void scenarioRendersOurTemplates(Path scenario) {
        ManifestChecks.checkAll(stripped.render(scenario));
    }

    @ParameterizedTest(name = "ci/{0}")
    @MethodSource("scenarios")
    void scenarioRendersInFull(Path scenario) {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        ManifestChecks.checkAll(chart.render(scenario));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayRendersOurTemplates(Path overlay) {
        ManifestChecks.checkAll(stripped.render(List.of(overlay), valuesFor(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayRendersInFull(Path overlay) {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        ManifestChecks.checkAll(chart.render(List.of(overlay), valuesFor(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayWithoutItsRequiredValueNamesIt(Path overlay) {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        String overlayName = overlay.getFileName().toString().replace(".yaml", "");
        for (String key : valuesFor(overlay).keySet()) {
            String message = BadValuesTest.renderError(chart, List.of(overlay), Map.of());
            assertThat(message).contains(key + " is required by the " + overlayName + " overlay");
        }
    }

    @Test
    void agentServiceScenarioIsTheDefault() {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        String fromScenario =
                chart.template(List.of(chart.directory().resolve("ci/agent-service-values.yaml")), Map.of());
        assertThat(fromScenario).isEqualTo(chart.template(List.of(), Map.of()));
    }

    @Test
    void loadBalancerScenarioPublishesOnlyTheApp() {
        Manifests manifests = stripped.render(chart.directory().resolve("ci/loadbalancer-values.yaml"));
        assertThat(manifests.get(Service.class, "otel-demo-flask-app").getSpec().getType())
                .isEqualTo("LoadBalancer");
        assertThat(manifests
                        .get(Service.class, "otel-demo-loader-master")
                        .getSpec()
                        .getType())
                .isEqualTo("ClusterIP");
        assertThat(manifests.all(Secret.class)).hasSize(1);
    }

    @Test
    void googleCloudSendsEverythingToTheTelemetryApi() {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Path overlay =
                ChartUnderTest.directoryProperty("collector-values.directory").resolve("google-cloud.yaml");
        Manifests manifests = chart.render(List.of(overlay), Map.of("global.googleCloud.project", "my-project"));
        JsonNode gateway = manifests.collectorConfig(WithCollectorsTest.GATEWAY);
        JsonNode exporter = gateway.at("/exporters/otlp_http~1telemetry-api");
        assertThat(exporter.path("endpoint").asText()).isEqualTo("https://telemetry.googleapis.com");
        assertThat(exporter.path("encoding").asText()).isEqualTo("proto");
        assertThat(exporter.at("/auth/authenticator").asText()).isEqualTo("googleclientauth");
        assertThat(gateway.at("/extensions/googleclientauth/project").asText()).isEqualTo("my-project");
        assertThat(WithCollectorsTest.texts(gateway.at("/service/extensions")))
                .contains("health_check", "googleclientauth");
        for (String signal : List.of("traces", "metrics", "logs")) {
            assertThat(WithCollectorsTest.texts(gateway.at("/service/pipelines/" + signal + "/exporters")))
                    .as(signal)
                    .containsExactly("otlp_http/telemetry-api");
            assertThat(WithCollectorsTest.texts(gateway.at("/service/pipelines/" + signal + "/processors")))
                    .as(signal)
                    .contains("transform/gcp-project");
            String kind = signal.equals("traces") ? "trace" : signal.substring(0, signal.length() - 1);
            assertThat(WithCollectorsTest.texts(
                            gateway.at("/processors/transform~1gcp-project/" + kind + "_statements")))
                    .as(signal)
                    .containsExactly("set(resource.attributes[\"gcp.project_id\"], \"my-project\")");
        }
        assertThat(gateway.at("/service/pipelines").size()).as("pipelines").isEqualTo(3);
        assertGcpDetectionOnEveryAgentPipeline(manifests);
        assertThat(manifests
                        .get(ServiceAccount.class, WithCollectorsTest.GATEWAY)
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("iam.gke.io/gcp-service-account", "otel-collector@my-project.iam.gserviceaccount.com");
    }

    @Test
    void googleCloudLegacySendsEverythingThroughTheGooglecloudExporter() {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Path overlay =
                ChartUnderTest.directoryProperty("collector-values.directory").resolve("google-cloud-legacy.yaml");
        Manifests manifests = chart.render(List.of(overlay), Map.of("global.googleCloud.project", "my-project"));
        JsonNode gateway = manifests.collectorConfig(WithCollectorsTest.GATEWAY);
        assertThat(gateway.at("/exporters/googlecloud/project").asText()).isEqualTo("my-project");
        for (String signal : List.of("traces", "metrics", "logs")) {
            assertThat(WithCollectorsTest.texts(gateway.at("/service/pipelines/" + signal + "/exporters")))
                    .as(signal)
                    .containsExactly("googlecloud");
        }
        assertThat(gateway.at("/service/pipelines").size()).as("pipelines").isEqualTo(3);
        assertGcpDetectionOnEveryAgentPipeline(manifests);
        assertThat(manifests
                        .get(ServiceAccount.class, WithCollectorsTest.GATEWAY)
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("iam.gke.io/gcp-service-account", "otel-collector@my-project.iam.gserviceaccount.com");
    }

    /** resource_detection/gcp, with k8s.cluster.name on, runs in every agent pipeline before k8s_attributes. */
    private static void assertGcpDetectionOnEveryAgentPipeline(Manifests manifests) {
        JsonNode agent = manifests.collectorConfig(WithCollectorsTest.AGENT_DAEMONSET);
        JsonNode detection = agent.at("/processors/resource_detection~1gcp");
        assertThat(WithCollectorsTest.texts(detection.path("detectors"))).contains("gcp");
        assertThat(detection
                        .at("/gcp/resource_attributes/k8s.cluster.name/enabled")
                        .asBoolean())
                .isTrue();
        agent.at("/service/pipelines")
                .fields()
                .forEachRemaining(pipeline -> assertThat(
                                WithCollectorsTest.texts(pipeline.getValue().path("processors")))
                        .as("agent pipeline %s", pipeline.getKey())
                        .containsSubsequence("resource_detection/gcp", "k8s_attributes"));
        assertThat(agent.at("/service/pipelines").size()).as("agent pipelines").isEqualTo(4);
    }

    @Test
    void googleCloudScenarioIsTheOverlayWithADummyProject() {
        Path overlay =
                ChartUnderTest.directoryProperty("collector-values.directory").resolve("google-cloud.yaml");
        ChartUnderTest renderer = chart.hasDependencies() ? chart : stripped;
        String fromOverlay =
                renderer.template(List.of(overlay), Map.of("global.googleCloud.project", "otel-demo-ci-dummy"));
        String fromScenario =
                renderer.template(List.of(chart.directory().resolve("ci/google-cloud-values.yaml")), Map.of());
        assertThat(fromScenario).isEqualTo(fromOverlay);
    }

    @Test
    void otlpBackendTakesItsHeaderFromASecret() {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Path overlay =
                ChartUnderTest.directoryProperty("collector-values.directory").resolve("otlp-backend.yaml");
        Manifests manifests =
                chart.render(List.of(overlay), Map.of("global.otlpBackend.endpoint", "otlp.example.com:4317"));
        JsonNode gateway = manifests.collectorConfig(WithCollectorsTest.GATEWAY);
        assertThat(gateway.at("/exporters/otlp_grpc~1backend/endpoint").asText())
                .isEqualTo("otlp.example.com:4317");
        assertThat(gateway.at("/exporters/otlp_grpc~1backend/headers/authorization")
                        .asText())
                .isEqualTo("${env:OTLP_BACKEND_AUTHORIZATION}");
        assertThat(manifests
                        .podSpecOf(Deployment.class, WithCollectorsTest.GATEWAY)
                        .getContainers()
                        .get(0)
                        .getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("OTLP_BACKEND_AUTHORIZATION");
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("otlp-backend");
                });
    }

    static Map<String, String> valuesFor(Path overlay) {
        return OVERLAY_VALUES.getOrDefault(overlay.getFileName().toString(), Map.of());
    }
}
