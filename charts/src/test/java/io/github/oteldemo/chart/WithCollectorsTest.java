package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.Manifests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole chart, with the two official collectors, rendered as `helm install` would:
 * the wiring between our workloads, the agent and the gateway.
 * Needs `helm dependency build charts/otel-demo` (or the collector chart unpacked under
 * charts/otel-demo/charts/); skipped with a message otherwise.
 */
class WithCollectorsTest {

    static final String AGENT = "otel-demo-otel-agent";
    static final String GATEWAY = "otel-demo-otel-gateway";
    /** The official chart suffixes its daemonset-mode objects (DaemonSet, ConfigMap) with "-agent". */
    static final String AGENT_DAEMONSET = AGENT + "-agent";

    static ChartUnderTest chart;
    static Manifests manifests;

    @BeforeAll
    static void render() {
        chart = ChartUnderTest.fromBuild();
        assumeCollectorChartPresent(chart);
        manifests = chart.render();
    }

    static void assumeCollectorChartPresent(ChartUnderTest chart) {
        if (!chart.hasDependencies()) {
            String reason = "skipped: the opentelemetry-collector chart is not under "
                    + chart.directory().resolve("charts")
                    + " (run `helm dependency build charts/otel-demo` to render the chart in full)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }

    @Test
    void keepsTheRulesEveryRenderKeeps() {
        ManifestChecks.checkAll(manifests);
        assertThat(manifests.names())
                .contains("DaemonSet/" + AGENT_DAEMONSET, "Deployment/" + GATEWAY, "Service/" + GATEWAY);
    }

    @Test
    void agentExportsToAServiceTheGatewayCreates() {
        JsonNode agent = manifests.collectorConfig(AGENT_DAEMONSET);
        String endpoint = agent.at("/exporters/otlp_grpc/endpoint").asText();
        assertThat(endpoint).as("agent's OTLP exporter").isEqualTo(GATEWAY + ":4317");
        for (String pipeline : List.of("traces", "metrics", "logs")) {
            assertThat(texts(agent.at("/service/pipelines/" + pipeline + "/exporters")))
                    .as(pipeline)
                    .contains("otlp_grpc");
        }
        Service gateway = manifests.get(Service.class, endpoint.substring(0, endpoint.indexOf(':')));
        int port = Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));
        assertThat(gateway.getSpec().getPorts())
                .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(port));
        assertThat(manifests.selectedBy(gateway))
                .extracting(Manifests.PodTemplate::owner)
                .containsExactly("Deployment/" + GATEWAY);

        JsonNode gatewayConfig = manifests.collectorConfig(GATEWAY);
        assertThat(gatewayConfig.at("/receivers/otlp/protocols/grpc/endpoint").asText())
                .endsWith(":" + port);
        assertThat(texts(gatewayConfig.at("/service/pipelines/traces/exporters")))
                .containsExactly("otlp_grpc/jaeger", "debug");
        assertThat(texts(gatewayConfig.at("/service/pipelines/metrics/exporters")))
                .containsExactly("otlp_http/prometheus", "debug");
    }

    @Test
    void agentScrapeKeepsTheStatsdExporterPortOnItsOwnNode() {
        JsonNode agent = manifests.collectorConfig(AGENT_DAEMONSET);
        JsonNode scrape = agent.at("/receivers/prometheus/config/scrape_configs/0");
        assertThat(scrape.at("/kubernetes_sd_configs/0/role").asText()).isEqualTo("pod");
        String fieldSelector =
                scrape.at("/kubernetes_sd_configs/0/selectors/0/field").asText();
        assertThat(fieldSelector).isEqualTo("spec.nodeName=${env:OTEL_K8S_NODE_NAME}");
        Container collector = manifests
                .podSpecOf(DaemonSet.class, AGENT_DAEMONSET)
                .getContainers()
                .get(0);
        assertThat(collector.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("OTEL_K8S_NODE_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });

        JsonNode keep = null;
        for (JsonNode rule : scrape.get("relabel_configs")) {
            if ("keep".equals(rule.path("action").asText())) {
                keep = rule;
            }
        }
        assertThat(keep).as("a keep rule").isNotNull();
        assertThat(texts(keep.get("source_labels"))).containsExactly("__meta_kubernetes_pod_container_port_name");
        // Prometheus anchors relabel regexes at both ends.
        Pattern kept = Pattern.compile(keep.get("regex").asText());
        List<String> appPorts = new ArrayList<>();
        for (Container container :
                manifests.podSpecOf(Deployment.class, "otel-demo-flask-app").getContainers()) {
            ManifestChecks.ports(container).forEach(p -> appPorts.add(p.getName()));
        }
        assertThat(appPorts).filteredOn(name -> kept.matcher(name).matches()).containsExactly("statsd-metrics");

        assertThat(texts(agent.at("/service/pipelines/metrics/receivers"))).containsExactly("otlp");
        assertThat(texts(agent.at("/service/pipelines/metrics~1scraped/receivers")))
                .containsExactly("prometheus");
        String filter =
                agent.at("/processors/filter~1demo-metrics/metric_conditions/0").asText();
        assertThat(filter).contains("otelcol_", "flask_app", "custom_metric_example");
        assertThat(texts(agent.at("/service/pipelines/metrics/processors")))
                .containsSubsequence("memory_limiter", "k8s_attributes", "filter/demo-metrics", "batch");
        assertThat(texts(agent.at("/service/pipelines/metrics~1scraped/processors")))
                .containsSubsequence(
                        "memory_limiter",
                        "groupbyattrs/scraped-pod",
                        "transform/scraped-pod",
                        "k8s_attributes",
                        "filter/demo-metrics",
                        "batch");
    }

    @Test
    void scrapedSeriesNameTheirPodOnTheResource() {
        JsonNode agent = manifests.collectorConfig(AGENT_DAEMONSET);
        // The relabel rules add these point labels; the scraped pipeline moves them to the resource.
        List<String> targets = new ArrayList<>();
        agent.at("/receivers/prometheus/config/scrape_configs/0/relabel_configs")
                .forEach(rule -> targets.add(rule.path("target_label").asText()));
        assertThat(targets).contains("namespace", "pod", "container");
        assertThat(texts(agent.at("/processors/groupbyattrs~1scraped-pod/keys")))
                .containsExactlyInAnyOrder("namespace", "pod", "container");
        String statements = String.join("\n", texts(agent.at("/processors/transform~1scraped-pod/metric_statements")));
        for (String[] rename : new String[][] {
            {"k8s.namespace.name", "namespace"}, {"k8s.pod.name", "pod"}, {"k8s.container.name", "container"}
        }) {
            assertThat(statements)
                    .contains("set(resource.attributes[\"" + rename[0] + "\"], resource.attributes[\"" + rename[1]
                            + "\"])")
                    .contains("delete_key(resource.attributes, \"" + rename[1] + "\")");
        }
    }

    @Test
    void agentMayListPodsAndNamespaces() {
        ClusterRoleBinding binding = manifests.all(ClusterRoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(AGENT)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ClusterRoleBinding for " + AGENT));
        ClusterRole role = manifests.get(ClusterRole.class, binding.getRoleRef().getName());
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).contains("pods", "namespaces");
            assertThat(rule.getVerbs()).contains("list", "watch");
        });
    }

    @Test
    void appSendsToTheAgentsNodeLocalServiceWithoutHostPorts() {
        Service agent = manifests.get(Service.class, AGENT);
        assertThat(agent.getSpec().getInternalTrafficPolicy()).isEqualTo("Local");
        assertThat(agent.getSpec().getPorts()).extracting(p -> p.getPort()).contains(4317, 4318, 8888);
        assertThat(manifests.selectedBy(agent))
                .extracting(Manifests.PodTemplate::owner)
                .containsExactly("DaemonSet/" + AGENT_DAEMONSET);
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            for (Container container : pod.spec().getContainers()) {
                assertThat(ManifestChecks.ports(container))
                        .as("%s %s", pod.owner(), container.getName())
                        .allSatisfy(p -> assertThat(p.getHostPort()).isIn(null, 0));
            }
        }
        JsonNode config = manifests.collectorConfig(AGENT_DAEMONSET);
        assertThat(config.at("/receivers/otlp/protocols/grpc/endpoint").asText())
                .isEqualTo("${env:MY_POD_IP}:4317");
        assertThat(config.at("/receivers").has("jaeger")).isFalse();
        assertThat(config.at("/receivers").has("zipkin")).isFalse();
        for (String program : List.of("otel-demo-flask-app", "otel-demo-metrics-example")) {
            Map<String, String> env = OwnTemplatesTest.plainEnv(manifests
                    .podSpecOf(Deployment.class, program)
                    .getContainers()
                    .get(0));
            assertThat(env).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + AGENT + ":4317");
        }
    }

    @Test
    void hostPortOptionSendsToTheAgentsHostPortOnItsNode() {
        Manifests hostPort = chart.render(chart.directory().resolve("ci/agent-hostport-values.yaml"));
        Container collector = hostPort.podSpecOf(DaemonSet.class, AGENT_DAEMONSET)
                .getContainers()
                .get(0);
        Map<Integer, Integer> hostPorts = new HashMap<>();
        for (ContainerPort port : ManifestChecks.ports(collector)) {
            if (port.getHostPort() != null) {
                hostPorts.put(port.getContainerPort(), port.getHostPort());
            }
        }
        assertThat(hostPorts)
                .containsEntry(4317, 4317)
                .containsEntry(4318, 4318)
                .hasSize(2);
        for (String program : List.of("otel-demo-flask-app", "otel-demo-metrics-example")) {
            PodSpec pod = hostPort.podSpecOf(Deployment.class, program);
            String endpoint =
                    OwnTemplatesTest.plainEnv(pod.getContainers().get(0)).get("OTEL_EXPORTER_OTLP_ENDPOINT");
            assertThat(endpoint).startsWith("http://$(NODE_IP):");
            int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            assertThat(hostPorts).as("%s sends to host port %d", program, port).containsValue(port);
        }
    }

    @Test
    void testPodReadsMetricsBothCollectorsServe() {
        Service gateway = manifests.get(Service.class, GATEWAY);
        assertThat(gateway.getSpec().getPorts()).extracting(p -> p.getPort()).contains(8888, 13133);
        for (String collector : List.of(AGENT_DAEMONSET, GATEWAY)) {
            JsonNode pull = manifests
                    .collectorConfig(collector)
                    .at("/service/telemetry/metrics/readers/0/pull/exporter/prometheus");
            assertThat(pull.path("port").asInt()).as(collector).isEqualTo(8888);
        }
        assertThat(manifests.podSpecOf(Deployment.class, GATEWAY).getAutomountServiceAccountToken())
                .isFalse();
    }

    @ParameterizedTest(name = "release {0}")
    @ValueSource(strings = {"otel-demo", "demo-otel-gateway", "my-otel-agent", "x"})
    void collectorNamesFollowTheReleaseName(String release) {
        Manifests named = chart.render(release, "elsewhere", List.of(), Map.of());
        String gatewayName = release.contains("otel-gateway") ? release : release + "-otel-gateway";
        String agentName = release.contains("otel-agent") ? release : release + "-otel-agent";
        JsonNode agent = named.collectorConfig(agentName + "-agent");
        assertThat(agent.at("/exporters/otlp_grpc/endpoint").asText()).isEqualTo(gatewayName + ":4317");
        assertThat(named.find(Service.class, gatewayName)).isPresent();
        assertThat(named.find(Service.class, agentName)).isPresent();
        String ours = release.contains("otel-demo") ? release : release + "-otel-demo";
        assertThat(OwnTemplatesTest.plainEnv(named.podSpecOf(Deployment.class, ours + "-flask-app")
                        .getContainers()
                        .get(0)))
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + agentName + ":4317");
        ManifestChecks.checkAll(named);
    }

    @Test
    void collectorsAnswerTheirProbesThroughHealthCheck() {
        for (String name : List.of(AGENT_DAEMONSET, GATEWAY)) {
            JsonNode config = manifests.collectorConfig(name);
            assertThat(config.at("/extensions/health_check/endpoint").asText())
                    .as(name)
                    .endsWith(":13133");
            assertThat(texts(config.at("/service/extensions"))).as(name).contains("health_check");
        }
        Service gateway = manifests.get(Service.class, GATEWAY);
        assertThat(gateway.getSpec().getPorts())
                .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(13133));
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
