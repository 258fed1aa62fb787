package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.CollectorConfigs;
import io.github.oteldemo.chart.render.CollectorConfigs.Rendered;
import io.github.oteldemo.chart.render.Manifests;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-cluster backend (backends.*): Jaeger, Prometheus and Grafana in the default install,
 * wired to the gateway's exporters and to each other, and absent under every overlay.
 */
class BackendsTest {

    static final List<String> BACKENDS = List.of("jaeger", "prometheus", "grafana");
    static final Map<String, String> BACKEND_EXPORTERS =
            Map.of("otlp_grpc/jaeger", "jaeger", "otlp_http/prometheus", "prometheus");

    @TempDir
    static Path strippedChart;

    @TempDir
    static Path harnessChart;

    @TempDir
    static Path hookChart;

    @TempDir
    static Path hookOffChart;

    static ChartUnderTest chart;
    static CollectorConfigs harness;
    static Manifests defaults;
    static JsonNode gateway;
    static JsonNode agent;

    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void render() {
        chart = ChartUnderTest.fromBuild().withoutDependencies(strippedChart);
        harness = CollectorConfigs.of(ChartUnderTest.fromBuild(), harnessChart);
        defaults = harness.chart().render();
        for (Rendered config : harness.configsIn(defaults)) {
            if (config.alias().equals("otel-gateway")) {
                gateway = config.tree();
            } else {
                agent = config.tree();
            }
        }
    }

    @Test
    void theDefaultInstallDeploysThemHardenedAndInsideTheCluster() {
        for (String backend : BACKENDS) {
            String name = "otel-demo-" + backend;
            assertThat(defaults.names()).contains("Deployment/" + name, "Service/" + name, "ServiceAccount/" + name);
            Service service = defaults.get(Service.class, name);
            assertThat(service.getSpec().getType()).as(name).isEqualTo("ClusterIP");
            Deployment deployment = defaults.get(Deployment.class, name);
            // In-memory and emptyDir stores: a second pod would be a second, different store.
            assertThat(deployment.getSpec().getReplicas()).as(name).isEqualTo(1);
            assertThat(deployment.getSpec().getStrategy().getType()).as(name).isEqualTo("Recreate");
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            assertThat(pod.getServiceAccountName()).isEqualTo(name);
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).as(name).matches(".+:[0-9v][0-9.]+");
            assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            for (Volume volume : pod.getVolumes()) {
                assertThat(volume.getPersistentVolumeClaim())
                        .as("%s volume %s: storage is for a demo", name, volume.getName())
                        .isNull();
                if (volume.getEmptyDir() != null) {
                    assertThat(volume.getEmptyDir().getSizeLimit())
                            .as("%s volume %s", name, volume.getName())
                            .isNotNull();
                }
            }
        }
        assertThat(RestrictedPodSecurity.violations(defaults)).isEmpty();
        ManifestChecks.checkAll(defaults);
    }

    @Test
    void theImagesAreTheVersionsTheTestsRun() throws IOException {
        Map<String, String> versions = new java.util.HashMap<>();
        for (String line : Files.readAllLines(
                ChartUnderTest.directoryProperty("repository.directory").resolve("scripts/peers/versions.env"))) {
            if (line.matches("[A-Z_]+=.*")) {
                versions.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(image("jaeger")).isEqualTo("jaegertracing/jaeger:" + versions.get("JAEGER_VERSION"));
        assertThat(image("prometheus")).isEqualTo("prom/prometheus:v" + versions.get("PROMETHEUS_VERSION"));
        assertThat(image("grafana")).startsWith("grafana/grafana:12.");
    }

    private static String image(String backend) {
        return defaults.podSpecOf(Deployment.class, "otel-demo-" + backend)
                .getContainers()
                .get(0)
                .getImage();
    }

    @Test
    void theGatewaySendsTracesToJaegerAndMetricsToPrometheusServices() {
        assertThat(WithCollectorsTest.texts(gateway.at("/service/pipelines/traces/exporters")))
                .containsExactly("otlp_grpc/jaeger", "debug");
        assertThat(WithCollectorsTest.texts(gateway.at("/service/pipelines/metrics/exporters")))
                .containsExactly("otlp_http/prometheus", "debug");

        String jaeger = gateway.at("/exporters/otlp_grpc~1jaeger/endpoint").asText();
        assertThat(jaeger).isEqualTo("otel-demo-jaeger:4317");
        assertServicePort(defaults, "otel-demo-jaeger", 4317, "otlp-grpc");

        URI prometheus = URI.create(
                gateway.at("/exporters/otlp_http~1prometheus/endpoint").asText());
        // The otlp_http exporter appends /v1/metrics: Prometheus's receiver is /api/v1/otlp/v1/metrics.
        assertThat(prometheus.getPath()).isEqualTo("/api/v1/otlp");
        assertThat(prometheus.getHost()).isEqualTo("otel-demo-prometheus");
        assertServicePort(defaults, prometheus.getHost(), prometheus.getPort(), "http");
    }

    @ParameterizedTest(name = "release {0}")
    @ValueSource(strings = {"x", "my-otel-demo", "otel-demo-staging"})
    void theGatewayFindsTheBackendsWhateverTheReleaseName(String release) {
        Manifests named = harness.chart().render(release, "elsewhere", List.of(), Map.of());
        JsonNode config = harness.configsIn(named).stream()
                .filter(c -> c.alias().equals("otel-gateway"))
                .findFirst()
                .orElseThrow()
                .tree();
        String jaeger = config.at("/exporters/otlp_grpc~1jaeger/endpoint").asText();
        assertServicePort(named, jaeger.substring(0, jaeger.indexOf(':')), 4317, "otlp-grpc");
        URI prometheus = URI.create(
                config.at("/exporters/otlp_http~1prometheus/endpoint").asText());
        assertServicePort(named, prometheus.getHost(), prometheus.getPort(), "http");
    }

    private static void assertServicePort(Manifests manifests, String service, int port, String targetPort) {
        Service found = manifests.get(Service.class, service);
        assertThat(found.getSpec().getPorts()).as("Service %s", service).anySatisfy(p -> {
            assertThat(p.getPort()).isEqualTo(port);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo(targetPort);
        });
        assertThat(manifests.selectedBy(found))
                .as("pods of Service %s", service)
                .hasSize(1);
    }

    @Test
    void jaegerReceivesOtlpOnThePortsItsServiceNames() throws IOException {
        JsonNode config = yaml.readTree(
                defaults.get(ConfigMap.class, "otel-demo-jaeger").getData().get("config.yaml"));
        assertThat(config.at("/receivers/otlp/protocols/grpc/endpoint").asText())
                .isEqualTo("${env:MY_POD_IP}:4317");
        assertThat(config.at("/extensions/jaeger_query/http/endpoint").asText()).isEqualTo("${env:MY_POD_IP}:16686");
        assertThat(config.at("/extensions/jaeger_storage/backends/memstore/memory/max_traces")
                        .asInt())
                .isEqualTo(20000);
        assertThat(config.at("/extensions/healthcheckv2/http/endpoint").asText())
                .endsWith(":13133");
        Container jaeger = defaults.podSpecOf(Deployment.class, "otel-demo-jaeger")
                .getContainers()
                .get(0);
        assertThat(jaeger.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MY_POD_IP");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        });
        Manifests small = chart.render(List.of(), Map.of("backends.jaeger.maxTraces", "500"));
        assertThat(small.get(ConfigMap.class, "otel-demo-jaeger").getData().get("config.yaml"))
                .contains("max_traces: 500");
    }

    @Test
    void prometheusReceivesOtlpWithAnExplicitTranslationAndDemoRetention() throws IOException {
        Container prometheus = defaults.podSpecOf(Deployment.class, "otel-demo-prometheus")
                .getContainers()
                .get(0);
        assertThat(prometheus.getArgs())
                .contains(
                        "--web.enable-otlp-receiver",
                        "--enable-feature=exemplar-storage",
                        "--storage.tsdb.retention.time=6h",
                        "--storage.tsdb.retention.size=768MB",
                        "--config.file=/etc/prometheus/prometheus.yml",
                        "--storage.tsdb.path=/prometheus");
        PodSpec pod = defaults.podSpecOf(Deployment.class, "otel-demo-prometheus");
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("1Gi");
        });
        JsonNode config = yaml.readTree(
                defaults.get(ConfigMap.class, "otel-demo-prometheus").getData().get("prometheus.yml"));
        assertThat(config.at("/otlp/translation_strategy").asText()).isEqualTo("UnderscoreEscapingWithSuffixes");
        assertThat(WithCollectorsTest.texts(config.at("/otlp/promote_resource_attributes")))
                .contains("k8s.namespace.name", "k8s.pod.name", "deployment.environment.name");
        assertThat(config.has("scrape_configs"))
                .as("Prometheus scrapes nothing: the gateway pushes")
                .isFalse();
    }

    @Test
    void grafanaHasBothBackendsAsDatasourcesAndEveryDashboard() throws IOException {
        Map<String, String> provisioning =
                defaults.get(ConfigMap.class, "otel-demo-grafana-provisioning").getData();
        JsonNode datasources =
                yaml.readTree(provisioning.get("datasources.yaml")).path("datasources");
        Map<String, JsonNode> byUid = new java.util.HashMap<>();
        datasources.forEach(d -> byUid.put(d.path("uid").asText(), d));
        assertThat(byUid).containsOnlyKeys("prometheus", "jaeger");
        assertThat(byUid.get("prometheus").path("url").asText()).isEqualTo("http://otel-demo-prometheus:9090");
        assertThat(byUid.get("jaeger").path("url").asText()).isEqualTo("http://otel-demo-jaeger:16686");
        assertServicePort(defaults, "otel-demo-jaeger", 16686, "query");
        assertThat(byUid.get("prometheus")
                        .at("/jsonData/exemplarTraceIdDestinations/0/datasourceUid")
                        .asText())
                .isEqualTo("jaeger");

        Map<String, String> dashboards =
                defaults.get(ConfigMap.class, "otel-demo-grafana-dashboards").getData();
        List<String> files = new ArrayList<>();
        try (Stream<Path> list =
                Files.list(ChartUnderTest.fromBuild().directory().resolve("files/dashboards"))) {
            list.forEach(f -> files.add(f.getFileName().toString()));
        }
        assertThat(dashboards).containsOnlyKeys(files.toArray(String[]::new)).containsKey("otel-demo-overview.json");
        JsonNode provider = yaml.readTree(provisioning.get("dashboards.yaml")).at("/providers/0/options/path");
        Container grafana = defaults.podSpecOf(Deployment.class, "otel-demo-grafana")
                .getContainers()
                .get(0);
        assertThat(grafana.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("dashboards");
            assertThat(m.getMountPath()).isEqualTo(provider.asText());
        });
        assertThat(OwnTemplatesTest.plainEnv(grafana))
                .containsEntry(
                        "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", provider.asText() + "/otel-demo-overview.json")
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Editor");

        for (Map.Entry<String, String> dashboard : dashboards.entrySet()) {
            JsonNode tree = json.readTree(dashboard.getValue());
            assertThat(tree.path("uid").asText()).as(dashboard.getKey()).isNotEmpty();
            Set<String> used = new HashSet<>();
            tree.findValues("datasource").forEach(d -> used.add(d.path("uid").asText()));
            assertThat(byUid.keySet())
                    .as("datasources %s uses", dashboard.getKey())
                    .containsAll(used);
            assertThat(queries(tree))
                    .as("queries of %s", dashboard.getKey())
                    .isNotEmpty()
                    .allSatisfy(q -> assertThat(q).isNotBlank());
        }
    }

    @Test
    void theOverviewShowsEveryPartOfTheDemo() throws IOException {
        String overview = defaults.get(ConfigMap.class, "otel-demo-grafana-dashboards")
                .getData()
                .get("otel-demo-overview.json");
        List<String> queries = queries(json.readTree(overview));
        String all = String.join("\n", queries);
        assertThat(all)
                .contains(
                        "http_server_request_duration_seconds_bucket",
                        "http_server_request_duration_seconds_count",
                        "flask_app_hello_requests_total",
                        "custom_metric_example_total",
                        "flask_app_jetty_threadpool_threads",
                        "flask_app_jvm_memory_used_bytes",
                        "locust_users",
                        "locust_failures_total",
                        "otelcol_receiver_accepted_spans_total",
                        "otelcol_receiver_refused_spans_total",
                        "otelcol_exporter_queue_size");
        // The latency panel links to traces: exemplars on, and a link to the app's traces in Jaeger.
        JsonNode latency = null;
        for (JsonNode panel : json.readTree(overview).path("panels")) {
            if (panel.path("title").asText().startsWith("Latency")) {
                latency = panel;
            }
        }
        assertThat(latency).isNotNull();
        assertThat(latency.findValues("exemplar"))
                .extracting(JsonNode::asBoolean)
                .contains(true);
        assertThat(latency.at("/links/0/url").asText()).contains("jaeger", "flask-app-tutorial");
    }

    /** Every PromQL expression of a dashboard's panels (rows' nested panels too). */
    static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard
                .findValues("targets")
                .forEach(targets ->
                        targets.forEach(t -> queries.add(t.path("expr").asText())));
        return queries;
    }

    @Test
    void theAgentScrapesTheLoadersMetricsAndKeepsThem() {
        JsonNode job = null;
        for (JsonNode scrape : agent.at("/receivers/prometheus/config/scrape_configs")) {
            if (scrape.path("job_name").asText().equals("otel-demo-loader")) {
                job = scrape;
            }
        }
        assertThat(job).as("the loader's scrape job").isNotNull();
        JsonNode keep = job.at("/relabel_configs/0");
        assertThat(keep.path("action").asText()).isEqualTo("keep");
        assertThat(WithCollectorsTest.texts(keep.path("source_labels")))
                .containsExactly(
                        "__meta_kubernetes_pod_label_app_kubernetes_io_component",
                        "__meta_kubernetes_pod_container_port_name");
        // Prometheus joins the source labels with ";" and anchors the regex.
        Pattern kept = Pattern.compile(keep.path("regex").asText());
        Deployment master = defaults.get(Deployment.class, "otel-demo-loader-master");
        String component =
                master.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
        List<String> matched = new ArrayList<>();
        master.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .forEach(c -> ManifestChecks.ports(c).forEach(p -> {
                    if (kept.matcher(component + ";" + p.getName()).matches()) {
                        matched.add(p.getName() + ":" + p.getContainerPort());
                    }
                }));
        assertThat(matched).containsExactly("web:8089");
        assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        assertThat(agent.at("/processors/filter~1demo-metrics/metric_conditions/0")
                        .asText())
                .contains("locust_.*");
    }

    @Test
    void notesSayHowToReachGrafanaJaegerAndPrometheus() {
        String notes = chart.notes(Map.of());
        assertThat(notes)
                .contains(
                        "svc/otel-demo-grafana 3000:3000",
                        "http://127.0.0.1:3000/",
                        "svc/otel-demo-jaeger 16686:16686",
                        "http://127.0.0.1:16686/",
                        "svc/otel-demo-prometheus 9090:9090");
        String without = chart.notes(Map.of(
                "backends.enabled",
                "false",
                "otel-gateway.alternateConfig.service.pipelines.traces.exporters[0]",
                "debug",
                "otel-gateway.alternateConfig.service.pipelines.metrics.exporters[0]",
                "debug"));
        assertThat(without).doesNotContain("grafana", "16686");
    }

    @Test
    void helmTestWaitsForTheAppInJaegerAndPrometheus() {
        Manifests withHooks = ChartUnderTest.fromBuild()
                .withoutDependencies(hookChart)
                .withTestHooksAsManifests()
                .render();
        String script = String.join(
                "\n",
                withHooks
                        .podSpecOf(io.fabric8.kubernetes.api.model.Pod.class, "otel-demo-test-connection")
                        .getContainers()
                        .get(0)
                        .getArgs());
        assertThat(script)
                .contains(
                        "jaeger=http://otel-demo-jaeger:16686",
                        "\"$jaeger/api/services\" '\"flask-app-tutorial\"'",
                        "prometheus=http://otel-demo-prometheus:9090",
                        "\"$prometheus/api/v1/query?query=flask_app_hello_requests_total\"");
        Manifests off = ChartUnderTest.fromBuild()
                .withoutDependencies(hookOffChart)
                .withTestHooksAsManifests()
                .render(
                        List.of(),
                        Map.of(
                                "backends.enabled",
                                "false",
                                "otel-gateway.alternateConfig.service.pipelines.traces.exporters[0]",
                                "debug",
                                "otel-gateway.alternateConfig.service.pipelines.metrics.exporters[0]",
                                "debug"));
        assertThat(String.join(
                        "\n",
                        off.podSpecOf(io.fabric8.kubernetes.api.model.Pod.class, "otel-demo-test-connection")
                                .getContainers()
                                .get(0)
                                .getArgs()))
                .doesNotContain("$jaeger", "$prometheus");
    }

    @Test
    void withNetworkPoliciesOnlyTheGatewaySendsAndOnlyGrafanaAndTheTestRead() {
        Manifests policies = chart.render(List.of(), Map.of("networkPolicy.enabled", "true"));
        NetworkPolicy jaeger = policies.get(NetworkPolicy.class, "otel-demo-jaeger");
        assertThat(jaeger.getSpec().getIngress()).hasSize(2);
        assertThat(jaeger.getSpec().getIngress().get(0).getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/name", "otel-gateway"));
        assertThat(jaeger.getSpec().getIngress().get(1).getFrom())
                .extracting(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
                .containsExactly("grafana", "test-connection");
        assertThat(policies.get(NetworkPolicy.class, "otel-demo-prometheus")
                        .getSpec()
                        .getIngress()
                        .get(0)
                        .getFrom())
                .hasSize(3);
        assertThat(policies.get(NetworkPolicy.class, "otel-demo-grafana")
                        .getSpec()
                        .getIngress())
                .isEmpty();
        // The agent scrapes the loader master's web port.
        assertThat(policies.get(NetworkPolicy.class, "otel-demo-loader-master")
                        .getSpec()
                        .getIngress())
                .anySatisfy(rule -> assertThat(rule.getFrom())
                        .anySatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                                .containsEntry("app.kubernetes.io/name", "otel-agent")));
    }

    static Stream<Path> offInstalls() throws IOException {
        return Stream.concat(
                ScenariosTest.overlays(),
                Stream.of(ChartUnderTest.fromBuild().directory().resolve("ci/google-cloud-values.yaml")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offInstalls")
    void everyOverlaySwitchesTheBackendsOff(Path overlay) {
        Manifests manifests = harness.chart().render(List.of(overlay), ScenariosTest.valuesFor(overlay));
        for (String backend : BACKENDS) {
            assertThat(manifests.names())
                    .as(overlay.getFileName().toString())
                    .noneMatch(name ->
                            name.endsWith("/otel-demo-" + backend) || name.contains("otel-demo-" + backend + "-"));
        }
        assertThat(manifests.all(ServiceAccount.class))
                .extracting(s -> s.getMetadata().getName())
                .doesNotContain("otel-demo-jaeger", "otel-demo-prometheus", "otel-demo-grafana");
        JsonNode config = harness.configsIn(manifests).stream()
                .filter(c -> c.alias().equals("otel-gateway"))
                .findFirst()
                .orElseThrow()
                .tree();
        config.at("/service/pipelines")
                .fields()
                .forEachRemaining(pipeline -> assertThat(
                                WithCollectorsTest.texts(pipeline.getValue().path("exporters")))
                        .as("%s: gateway pipeline %s", overlay.getFileName(), pipeline.getKey())
                        .doesNotContainAnyElementsOf(BACKEND_EXPORTERS.keySet()));
    }
}
