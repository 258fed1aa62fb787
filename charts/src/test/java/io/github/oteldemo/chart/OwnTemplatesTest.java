package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own templates, rendered with the collector dependencies stripped so they run on any
 * machine, checked against the runtime contract of docs/DESIGN.md.
 */
class OwnTemplatesTest {

    /** Kubernetes' dependent environment variable syntax, $(NAME). */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");

    @TempDir
    static Path strippedChart;

    static ChartUnderTest chart;
    static Manifests defaults;

    @BeforeAll
    static void render() {
        chart = ChartUnderTest.fromBuild().withoutDependencies(strippedChart).withTestHooksAsManifests();
        defaults = chart.render();
    }

    @Test
    void rendersTheObjectsOfTheContract() {
        assertThat(defaults.names())
                .contains(
                        "Deployment/otel-demo-flask-app",
                        "Service/otel-demo-flask-app",
                        "ConfigMap/otel-demo-statsd-mapping",
                        "Deployment/otel-demo-metrics-example",
                        "Deployment/otel-demo-loader-master",
                        "Service/otel-demo-loader-master",
                        "Service/otel-demo-loader-master-workers",
                        "Deployment/otel-demo-loader-worker",
                        "ServiceAccount/otel-demo-flask-app",
                        "ServiceAccount/otel-demo-metrics-example",
                        "ServiceAccount/otel-demo-loader-master",
                        "ServiceAccount/otel-demo-loader-worker",
                        "ServiceAccount/otel-demo-test-connection",
                        "PodDisruptionBudget/otel-demo-loader-worker",
                        "Pod/otel-demo-test-connection");
        assertThat(defaults.names())
                .as("one app replica: no budget")
                .doesNotContain("PodDisruptionBudget/otel-demo-flask-app");
    }

    @Test
    void keepsTheRulesEveryRenderKeeps() {
        ManifestChecks.checkAll(defaults);
    }

    @Test
    void testPodChecksTheAppAndThatTelemetryFlows() {
        PodSpec test = defaults.podSpecOf(Pod.class, "otel-demo-test-connection");
        String script = String.join("\n", test.getContainers().get(0).getArgs());
        assertThat(script)
                .contains(
                        "http://otel-demo-flask-app/",
                        "Hello World!",
                        "gateway=http://otel-demo-otel-gateway",
                        "$gateway:13133/",
                        "\"$gateway:8888/metrics\" otelcol_receiver_accepted_spans",
                        "\"$gateway:8888/metrics\" otelcol_receiver_accepted_metric_points",
                        "\"http://otel-demo-otel-agent:8888/metrics\"",
                        "'receiver=\"prometheus\"'");
        // Beside an app pod: the agent's Service is node-local, and that node's agent scrapes the app.
        assertThat(test.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getLabelSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/component", "flask-app");
                });
        assertThat(test.getRestartPolicy()).isEqualTo("Never");
        // The tests render it as a plain manifest; in the chart it is a `helm test` hook.
        assertThat(ChartUnderTest.fromBuild().directory().resolve("templates/tests/test-connection.yaml"))
                .content()
                .contains("helm.sh/hook: test");
    }

    @Test
    void appPodRunsTheAppAndTheStatsdExporterSidecar() {
        PodSpec app = defaults.podSpecOf(Deployment.class, "otel-demo-flask-app");
        assertThat(app.getContainers()).extracting(Container::getName).containsExactly("flask-app", "statsd-exporter");
        Container sidecar = container(app, "statsd-exporter");
        assertThat(sidecar.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("statsd-metrics");
            assertThat(port.getContainerPort()).isEqualTo(9102);
        });
        assertThat(sidecar.getPorts()).anySatisfy(port -> {
            assertThat(port.getContainerPort()).isEqualTo(9125);
            assertThat(port.getProtocol()).isEqualTo("UDP");
        });
        // statsd_exporter 0.28's spelling (kingpin's negation of --statsd.parse-dogstatsd-tags);
        // flask-app-port's StatsD tests run the real binary with the sidecar's flags.
        assertThat(sidecar.getArgs()).contains("--no-statsd.parse-dogstatsd-tags");
        Map<String, String> env = plainEnv(container(app, "flask-app"));
        assertThat(env)
                .containsEntry("PORT", "8080")
                .containsEntry("ADMIN_PORT", "8081")
                .containsEntry("STATSD_HOST", "127.0.0.1")
                .containsEntry("STATSD_PORT", "9125")
                .containsEntry("STATSD_PREFIX", "flask_app")
                .containsEntry("CHAOS_TARGET_PERCENT", "0")
                .containsEntry("APP_ENVIRONMENT", "staging")
                .containsEntry("OTEL_SERVICE_NAME", "flask-app-tutorial");
    }

    @Test
    void instrumentedProgramsSendToTheAgentOnTheirOwnNode() {
        Manifests hostPort = chart.render(
                List.of(), Map.of("otlp.agentAccess", "hostPort", "otel-agent.ports.otlp.hostPort", "4317"));
        for (String program : List.of("otel-demo-flask-app", "otel-demo-metrics-example")) {
            assertThat(plainEnv(defaults.podSpecOf(Deployment.class, program)
                            .getContainers()
                            .get(0)))
                    .as("the default: the agent's node-local Service")
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-demo-otel-agent:4317");
            Container container = hostPort.podSpecOf(Deployment.class, program)
                    .getContainers()
                    .get(0);
            assertThat(plainEnv(container))
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://$(NODE_IP):4317")
                    .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
            assertThat(container.getEnv())
                    .filteredOn(e -> e.getName().equals("NODE_IP"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                            .isEqualTo("status.hostIP"));
            assertThat(plainEnv(container).get("OTEL_RESOURCE_ATTRIBUTES"))
                    .contains(
                            "k8s.pod.name=$(K8S_POD_NAME)",
                            "k8s.namespace.name=$(K8S_NAMESPACE_NAME)",
                            "k8s.node.name=$(K8S_NODE_NAME)",
                            "k8s.container.name=" + container.getName());
        }
    }

    @Test
    void loaderWorkersTraceTheirRequestsToTheAgentUnlessTurnedOff() {
        Container worker = defaults.podSpecOf(Deployment.class, "otel-demo-loader-worker")
                .getContainers()
                .get(0);
        // The node's agent, reached the way the app reaches it (by default its node-local Service).
        assertThat(plainEnv(worker))
                .containsEntry("LOCUST_ENABLE_OPENTELEMETRY", "true")
                .containsEntry("OTEL_SERVICE_NAME", "locust")
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-demo-otel-agent:4317")
                .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        assertThat(plainEnv(worker).get("OTEL_RESOURCE_ATTRIBUTES")).contains("k8s.container.name=loader-worker");
        assertThat(worker.getEnv())
                .extracting(EnvVar::getName)
                .doesNotHaveDuplicates()
                .contains("JAVA_TOOL_OPTIONS");

        Container plain = chart.render(List.of(), Map.of("loader.otel.enabled", "false"))
                .podSpecOf(Deployment.class, "otel-demo-loader-worker")
                .getContainers()
                .get(0);
        assertThat(plainEnv(plain))
                .doesNotContainKeys("LOCUST_ENABLE_OPENTELEMETRY", "OTEL_EXPORTER_OTLP_ENDPOINT")
                .containsKey("JAVA_TOOL_OPTIONS");
    }

    @Test
    void everyEnvReferenceIsDefinedEarlierInTheSameContainer() {
        // Kubernetes expands $(NAME) only from variables listed before the one that uses it.
        for (Manifests.PodTemplate pod : defaults.podTemplates()) {
            for (Container container : pod.spec().getContainers()) {
                List<String> defined = new ArrayList<>();
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (variable.getValue() != null) {
                        Matcher reference = ENV_REFERENCE.matcher(variable.getValue());
                        while (reference.find()) {
                            assertThat(defined)
                                    .as(
                                            "%s %s: %s uses $(%s)",
                                            pod.owner(), container.getName(), variable.getName(), reference.group(1))
                                    .contains(reference.group(1));
                        }
                    }
                    defined.add(variable.getName());
                }
            }
        }
    }

    @Test
    void appServiceMapsPort80ToTheAppContainer() {
        Service service = defaults.get(Service.class, "otel-demo-flask-app");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(defaults.selectedBy(service)).singleElement().satisfies(pod -> {
            assertThat(pod.owner()).isEqualTo("Deployment/otel-demo-flask-app");
            assertThat(container(pod.spec(), "flask-app").getPorts())
                    .anySatisfy(p ->
                            assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("http:8080"));
        });
    }

    @Test
    void loaderWorkersFindTheMasterAndTheApp() {
        Container worker = defaults.podSpecOf(Deployment.class, "otel-demo-loader-worker")
                .getContainers()
                .get(0);
        Map<String, String> env = plainEnv(worker);
        assertThat(env)
                .containsEntry("LOCUST_MODE", "worker")
                .containsEntry("LOCUST_MASTER_PORT", "5557")
                .containsEntry("TARGET_HOST", "http://otel-demo-flask-app");
        Service workers = defaults.get(Service.class, env.get("LOCUST_MASTER"));
        assertThat(workers.getMetadata().getName()).isEqualTo("otel-demo-loader-master-workers");
        assertThat(workers.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(workers.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(5557);
        assertThat(defaults.selectedBy(workers))
                .extracting(Manifests.PodTemplate::owner)
                .containsExactly("Deployment/otel-demo-loader-master");
        // The web Service, the one that may be published, carries the UI only.
        Service web = defaults.get(Service.class, "otel-demo-loader-master");
        assertThat(web.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8089);
        Manifests published = chart.render(
                List.of(),
                Map.of(
                        "loader.master.service.type",
                        "LoadBalancer",
                        "loader.webAuth.enabled",
                        "true",
                        "loader.webAuth.password",
                        "pw"));
        assertThat(published
                        .get(Service.class, "otel-demo-loader-master-workers")
                        .getSpec()
                        .getType())
                .isEqualTo("ClusterIP");
        assertThat(published
                        .get(Service.class, "otel-demo-loader-master")
                        .getSpec()
                        .getPorts())
                .extracting(p -> p.getPort())
                .containsExactly(8089);
        assertThat(defaults.get(Deployment.class, "otel-demo-loader-worker")
                        .getSpec()
                        .getReplicas())
                .isEqualTo(2);
        Container master0 = defaults.podSpecOf(Deployment.class, "otel-demo-loader-master")
                .getContainers()
                .get(0);
        assertThat(plainEnv(master0)).containsEntry("LOCUST_MODE", "master").doesNotContainKey("LOCUST_WEB_AUTH");
        // The master binds the port its Service sends workers to.
        assertThat(master0.getPorts())
                .anySatisfy(p -> assertThat(p.getName() + ":" + p.getContainerPort())
                        .isEqualTo("workers:" + plainEnv(master0).get("LOCUST_MASTER_BIND_PORT")));
    }

    @Test
    void masterAndWorkersReadOneTaskFileWithAWaitBetweenRequests() throws Exception {
        ConfigMap tasks = defaults.get(ConfigMap.class, "otel-demo-loader-tasks");
        JsonNode taskFile =
                new ObjectMapper(new YAMLFactory()).readTree(tasks.getData().get("tasks.yaml"));
        JsonNode user = taskFile.at("/users/0");
        assertThat(user.path("name").asText()).isEqualTo("WebsiteUser");
        assertThat(user.at("/wait_time/type").asText())
                .as("a light load by default")
                .isEqualTo("between");
        assertThat(user.at("/tasks/0/path").asText()).isEqualTo("/");
        for (String loader : List.of("otel-demo-loader-master", "otel-demo-loader-worker")) {
            PodSpec pod = defaults.podSpecOf(Deployment.class, loader);
            Container container = pod.getContainers().get(0);
            assertThat(plainEnv(container)).containsEntry("LOCUST_LOCUSTFILE", "/etc/locust-like-loader/tasks.yaml");
            String volume = container.getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/etc/locust-like-loader"))
                    .findFirst()
                    .orElseThrow()
                    .getName();
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(volume);
                assertThat(v.getConfigMap().getName()).isEqualTo("otel-demo-loader-tasks");
            });
        }
    }

    @Test
    void loaderWebAuthComesFromASecret() {
        Manifests withAuth =
                chart.render(List.of(), Map.of("loader.webAuth.enabled", "true", "loader.webAuth.password", "s3cret"));
        Container master = withAuth.podSpecOf(Deployment.class, "otel-demo-loader-master")
                .getContainers()
                .get(0);
        EnvVar auth = master.getEnv().stream()
                .filter(e -> e.getName().equals("LOCUST_WEB_AUTH"))
                .findFirst()
                .orElseThrow();
        String secretName = auth.getValueFrom().getSecretKeyRef().getName();
        assertThat(withAuth.get(Secret.class, secretName).getStringData())
                .containsEntry(auth.getValueFrom().getSecretKeyRef().getKey(), "locust:s3cret");

        Manifests existing = chart.render(
                List.of(), Map.of("loader.webAuth.enabled", "true", "loader.webAuth.existingSecret", "my-credentials"));
        assertThat(existing.all(Secret.class)).isEmpty();
        assertThat(existing.podSpecOf(Deployment.class, "otel-demo-loader-master")
                        .getContainers()
                        .get(0)
                        .getEnv())
                .anySatisfy(e -> assertThat(
                                e.getValueFrom() == null
                                        ? null
                                        : e.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo("my-credentials"));
    }

    @Test
    void pullPolicyNeverReachesOurImagesOnly() {
        Manifests kind =
                chart.render(List.of(), Map.of("image.registry", "localhost/otel-demo", "image.pullPolicy", "Never"));
        for (Manifests.PodTemplate pod : kind.podTemplates()) {
            for (Container container : pod.spec().getContainers()) {
                boolean ours = container.getImage().startsWith("localhost/otel-demo/");
                assertThat(container.getImagePullPolicy())
                        .as("%s %s (%s)", pod.owner(), container.getName(), container.getImage())
                        .isEqualTo(ours ? "Never" : "IfNotPresent");
            }
        }
        assertThat(kind.podSpecOf(Deployment.class, "otel-demo-flask-app").getContainers())
                .extracting(Container::getImage)
                .containsExactly("localhost/otel-demo/flask-app-port:" + appVersion(), "prom/statsd-exporter:v0.28.0");
    }

    @Test
    void defaultImagesAreThePublishedOnes() {
        assertThat(defaults.podSpecOf(Deployment.class, "otel-demo-metrics-example")
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("ghcr.io/oteldemo/otel-demo/metrics-example:" + appVersion());
    }

    @Test
    void numericTagsAndIntervalsAreAccepted() {
        // --set reads an all-digit value as a number: Skaffold's commit tags, a date, milliseconds.
        Manifests numeric = chart.render(
                List.of(),
                Map.of("image.tag", "20240101", "loader.image.tag", "1234567", "otlp.metricExportInterval", "30000"));
        Container app = numeric.podSpecOf(Deployment.class, "otel-demo-flask-app")
                .getContainers()
                .get(0);
        assertThat(app.getImage()).endsWith("/flask-app-port:20240101");
        assertThat(plainEnv(app)).containsEntry("OTEL_METRIC_EXPORT_INTERVAL", "30000");
        assertThat(numeric.podSpecOf(Deployment.class, "otel-demo-loader-worker")
                        .getContainers()
                        .get(0)
                        .getImage())
                .endsWith("/locust-like-loader:1234567");
    }

    @Test
    void ephemeralStorageMayBeRequestedAndLimited() {
        Manifests sized = chart.render(
                List.of(),
                Map.of(
                        "flaskApp.resources.requests.ephemeral-storage",
                        "100Mi",
                        "flaskApp.resources.limits.ephemeral-storage",
                        "1Gi"));
        Container app = sized.podSpecOf(Deployment.class, "otel-demo-flask-app")
                .getContainers()
                .get(0);
        assertThat(app.getResources().getLimits().get("ephemeral-storage").toString())
                .isEqualTo("1Gi");
    }

    static String appVersion() {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(chart.directory().resolve("Chart.yaml").toFile())
                    .path("appVersion")
                    .asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aChangedWebAuthSecretRollsTheMaster() {
        Map<String, String> auth = Map.of("loader.webAuth.enabled", "true", "loader.webAuth.password", "one");
        String first = masterAnnotation(chart.render(List.of(), auth), "checksum/web-auth");
        String same = masterAnnotation(chart.render(List.of(), auth), "checksum/web-auth");
        String changed = masterAnnotation(
                chart.render(List.of(), Map.of("loader.webAuth.enabled", "true", "loader.webAuth.password", "two")),
                "checksum/web-auth");
        assertThat(first).isNotBlank().isEqualTo(same).isNotEqualTo(changed);
        assertThat(defaults.get(Deployment.class, "otel-demo-loader-master")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .doesNotContainKey("checksum/web-auth");
    }

    private static String masterAnnotation(Manifests manifests, String key) {
        return manifests
                .get(Deployment.class, "otel-demo-loader-master")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(key);
    }

    @Test
    void everyComponentRunsAsItsOwnServiceAccountWithoutAToken() {
        for (Manifests.PodTemplate pod : defaults.podTemplates()) {
            String account = pod.spec().getServiceAccountName();
            assertThat(account)
                    .as("%s serviceAccountName", pod.owner())
                    .isNotBlank()
                    .isNotEqualTo("default");
            assertThat(pod.spec().getAutomountServiceAccountToken())
                    .as(pod.owner())
                    .isFalse();
            assertThat(defaults.get(ServiceAccount.class, account).getAutomountServiceAccountToken())
                    .as(account)
                    .isFalse();
        }
        assertThat(defaults.podTemplates())
                .extracting(p -> p.spec().getServiceAccountName())
                .doesNotHaveDuplicates();
    }

    @Test
    void replicatedDeploymentsGetABudgetAndASpread() {
        Manifests three = chart.render(List.of(), Map.of("flaskApp.replicas", "3"));
        for (String component : List.of("flask-app", "loader-worker")) {
            String name = "otel-demo-" + component;
            PodDisruptionBudget budget = three.get(PodDisruptionBudget.class, name);
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(three.get(Deployment.class, name)
                            .getSpec()
                            .getSelector()
                            .getMatchLabels());
            assertThat(three.podSpecOf(Deployment.class, name).getTopologySpreadConstraints())
                    .extracting(c -> c.getTopologyKey())
                    .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        }
        assertThat(defaults.podSpecOf(Deployment.class, "otel-demo-flask-app").getTopologySpreadConstraints())
                .isNullOrEmpty();
    }

    @Test
    void networkPoliciesLetInOnlyWhoNeedsIt() {
        assertThat(defaults.all(NetworkPolicy.class)).as("off by default").isEmpty();
        Manifests policed = chart.render(List.of(), Map.of("networkPolicy.enabled", "true"));
        NetworkPolicy app = policed.get(NetworkPolicy.class, "otel-demo-flask-app");
        assertThat(ingressPorts(app)).containsExactly(8080, 9102);
        assertThat(peers(app, 8080)).containsExactlyInAnyOrder("loader-worker", "test-connection");
        assertThat(peers(app, 9102)).containsExactly("otel-agent");
        NetworkPolicy master = policed.get(NetworkPolicy.class, "otel-demo-loader-master");
        assertThat(peers(master, 5557)).containsExactly("loader-worker");
        // The agent scrapes the master's /metrics on its web port.
        assertThat(peers(master, 8089)).containsExactlyInAnyOrder("test-connection", "otel-agent");
        assertThat(policed.get(NetworkPolicy.class, "otel-demo-loader-worker")
                        .getSpec()
                        .getIngress())
                .isEmpty();
        assertThat(policed.get(NetworkPolicy.class, "otel-demo-metrics-example")
                        .getSpec()
                        .getIngress())
                .isEmpty();
        NetworkPolicy agent = policed.get(NetworkPolicy.class, "otel-demo-otel-agent");
        assertThat(agent.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "otel-agent");
        assertThat(peers(agent, 4317)).containsExactlyInAnyOrder("flask-app", "metrics-example");
        assertThat(peers(agent, 8888)).containsExactlyInAnyOrder("test-connection", "otel-agent");
        NetworkPolicy gateway = policed.get(NetworkPolicy.class, "otel-demo-otel-gateway");
        assertThat(peers(gateway, 4317)).containsExactly("otel-agent");
        assertThat(peers(gateway, 8888)).containsExactly("test-connection");

        Manifests published = chart.render(
                List.of(), Map.of("networkPolicy.enabled", "true", "flaskApp.service.type", "LoadBalancer"));
        assertThat(published
                        .get(NetworkPolicy.class, "otel-demo-flask-app")
                        .getSpec()
                        .getIngress()
                        .get(0)
                        .getFrom())
                .as("a published app takes 8080 from anyone")
                .isNullOrEmpty();
    }

    private static List<Integer> ingressPorts(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream()
                .flatMap(rule -> rule.getPorts().stream())
                .map(port -> port.getPort().getIntVal())
                .toList();
    }

    /** The component (ours) or collector name of each peer let in on this port. */
    private static List<String> peers(NetworkPolicy policy, int port) {
        return policy.getSpec().getIngress().stream()
                .filter(rule ->
                        rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
                .flatMap(rule -> rule.getFrom().stream())
                .map(peer -> {
                    Map<String, String> labels = peer.getPodSelector().getMatchLabels();
                    return labels.getOrDefault("app.kubernetes.io/component", labels.get("app.kubernetes.io/name"));
                })
                .toList();
    }

    @Test
    void statsdMappingConfigMapCarriesTheChartsCopy() throws Exception {
        ConfigMap mapping = defaults.get(ConfigMap.class, "otel-demo-statsd-mapping");
        String file = Files.readString(chart.directory().resolve("files/statsd-mapping.yml"));
        assertThat(mapping.getData().get("statsd-mapping.yml").strip()).isEqualTo(file.strip());
        PodSpec app = defaults.podSpecOf(Deployment.class, "otel-demo-flask-app");
        assertThat(app.getVolumes())
                .anySatisfy(v -> assertThat(
                                v.getConfigMap() == null
                                        ? null
                                        : v.getConfigMap().getName())
                        .isEqualTo("otel-demo-statsd-mapping"));
        assertThat(container(app, "statsd-exporter").getArgs())
                .contains("--statsd.mapping-config=/etc/statsd-exporter/statsd-mapping.yml");
    }

    @Test
    void optionalIngressesRouteToTheServices() {
        Manifests withIngress = chart.render(
                List.of(),
                Map.of(
                        "flaskApp.ingress.enabled",
                        "true",
                        "flaskApp.ingress.host",
                        "demo.example.com",
                        "loader.ingress.enabled",
                        "true",
                        "loader.webAuth.enabled",
                        "true",
                        "loader.webAuth.password",
                        "pw"));
        var ingresses = withIngress.all(Ingress.class);
        assertThat(ingresses).hasSize(2);
        for (var ingress : ingresses) {
            String backend = ingress.getSpec()
                    .getRules()
                    .get(0)
                    .getHttp()
                    .getPaths()
                    .get(0)
                    .getBackend()
                    .getService()
                    .getName();
            assertThat(withIngress.find(Service.class, backend))
                    .as(ingress.getMetadata().getName())
                    .isPresent();
        }
    }

    @Test
    void notesTellHowToReachTheAppAndTheLoader() {
        String notes = chart.notes(Map.of());
        assertThat(notes)
                .contains(
                        "kubectl port-forward -n otel-demo svc/otel-demo-flask-app 8080:80",
                        "curl http://127.0.0.1:8080/",
                        "Hello World!",
                        "kubectl port-forward -n otel-demo svc/otel-demo-loader-master 8089:8089",
                        "helm test -n otel-demo otel-demo");

        String published = chart.notes(Map.of(
                "flaskApp.service.type",
                "LoadBalancer",
                "loader.webAuth.enabled",
                "true",
                "loader.webAuth.password",
                "pw"));
        assertThat(published)
                .contains(
                        "kubectl get svc -n otel-demo otel-demo-flask-app -o jsonpath=",
                        "curl http://$APP_IP:80/",
                        "Secret otel-demo-loader-web-auth");
    }

    static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static Map<String, String> plainEnv(Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
