package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.oteldemo.chart.render.Manifests;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules every rendering of the chart must keep, whatever the values: applied to the default
 * render, to every ci/ scenario and to every collector overlay.
 */
final class ManifestChecks {

    /**
     * The health endpoints each container really serves (docs/DESIGN.md's runtime contract, the
     * statsd-exporter's and the collector's documentation): port number to paths.
     */
    private static final Map<String, Map<Integer, Set<String>>> HEALTH_ENDPOINTS = Map.of(
            "flask-app", Map.of(8081, Set.of("/healthcheck", "/ping")),
            "statsd-exporter", Map.of(9102, Set.of("/-/ready", "/-/healthy")),
            "metrics-example", Map.of(8080, Set.of("/healthz")),
            "loader-master", Map.of(8089, Set.of("/healthz")),
            // The collector chart names its container after the alias; it probes the
            // health_check extension on 13133.
            "otel-agent", Map.of(13133, Set.of("/")),
            "otel-gateway", Map.of(13133, Set.of("/")),
            // The in-cluster backends: Jaeger v2's healthcheckv2 extension, Prometheus's and
            // Grafana's documented endpoints.
            "jaeger", Map.of(13133, Set.of("/status")),
            "prometheus", Map.of(9090, Set.of("/-/ready", "/-/healthy")),
            "grafana", Map.of(3000, Set.of("/api/health")));

    /** Containers with no port of their own, hence no HTTP endpoint to probe. */
    private static final Set<String> PORTLESS = Set.of("loader-worker", "curl");
    /** Portless containers that still have (exec) probes: a worker checks its master connection. */
    private static final Set<String> EXEC_PROBED = Set.of("loader-worker");

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    private ManifestChecks() {}

    static void checkAll(Manifests manifests) {
        namesFitKubernetesLimits(manifests);
        everyPodIsHardenedAndSized(manifests);
        probesHitRealEndpoints(manifests);
        noHostPortCollisions(manifests);
        everyServiceSelectsAPod(manifests);
    }

    static void namesFitKubernetesLimits(Manifests manifests) {
        for (HasMetadata object : manifests.all()) {
            String name = object.getMetadata().getName();
            assertThat(name)
                    .as("%s name", object.getKind())
                    .hasSizeLessThanOrEqualTo(63)
                    .matches(DNS_LABEL);
            if (object.getMetadata().getLabels() != null) {
                object.getMetadata()
                        .getLabels()
                        .forEach((key, value) -> assertThat(value)
                                .as("label %s of %s/%s", key, object.getKind(), name)
                                .hasSizeLessThanOrEqualTo(63));
            }
        }
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            for (Container container : pod.spec().getContainers()) {
                for (ContainerPort port : ports(container)) {
                    if (port.getName() != null) {
                        // Kubernetes limits port names to 15 characters.
                        assertThat(port.getName())
                                .as("port name in %s", pod.owner())
                                .hasSizeLessThanOrEqualTo(15);
                    }
                }
            }
        }
    }

    static void everyPodIsHardenedAndSized(Manifests manifests) {
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            PodSecurityContext podContext = pod.spec().getSecurityContext();
            assertThat(podContext).as("%s pod securityContext", pod.owner()).isNotNull();
            assertThat(podContext.getRunAsNonRoot())
                    .as("%s runAsNonRoot", pod.owner())
                    .isTrue();
            assertThat(podContext.getSeccompProfile().getType())
                    .as("%s seccompProfile", pod.owner())
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.spec().getHostNetwork())
                    .as("%s hostNetwork", pod.owner())
                    .isNotEqualTo(Boolean.TRUE);
            for (Container container : pod.spec().getContainers()) {
                String where = pod.owner() + " container " + container.getName();
                SecurityContext context = container.getSecurityContext();
                assertThat(context).as("%s securityContext", where).isNotNull();
                assertThat(context.getAllowPrivilegeEscalation())
                        .as("%s allowPrivilegeEscalation", where)
                        .isFalse();
                assertThat(context.getReadOnlyRootFilesystem())
                        .as("%s readOnlyRootFilesystem", where)
                        .isTrue();
                assertThat(context.getCapabilities().getDrop())
                        .as("%s capabilities.drop", where)
                        .contains("ALL");
                assertThat(context.getCapabilities().getAdd())
                        .as("%s capabilities.add", where)
                        .isNullOrEmpty();
                assertThat(container.getResources().getRequests())
                        .as("%s requests", where)
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits())
                        .as("%s limits", where)
                        .containsKey("memory");
            }
        }
    }

    static void probesHitRealEndpoints(Manifests manifests) {
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            for (Container container : pod.spec().getContainers()) {
                String where = pod.owner() + " container " + container.getName();
                if (PORTLESS.contains(container.getName())) {
                    assertThat(ports(container))
                            .as("%s is expected to open no port", where)
                            .isEmpty();
                    if (EXEC_PROBED.contains(container.getName())) {
                        for (Probe probe : new Probe[] {container.getReadinessProbe(), container.getLivenessProbe()}) {
                            assertThat(probe).as("%s probes", where).isNotNull();
                            assertThat(probe.getExec().getCommand())
                                    .as("%s probe command", where)
                                    .startsWith("sh", "-c")
                                    .last()
                                    .asString()
                                    .contains(":15B5 01 ", "/proc/net/tcp");
                        }
                    }
                    continue;
                }
                assertThat(container.getReadinessProbe())
                        .as("%s readinessProbe", where)
                        .isNotNull();
                assertThat(container.getLivenessProbe())
                        .as("%s livenessProbe", where)
                        .isNotNull();
                Map<Integer, Set<String>> served = HEALTH_ENDPOINTS.get(container.getName());
                assertThat(served)
                        .as("%s: the tests do not know its health endpoints", where)
                        .isNotNull();
                for (Probe probe : new Probe[] {
                    container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe()
                }) {
                    if (probe == null) {
                        continue;
                    }
                    HTTPGetAction get = probe.getHttpGet();
                    assertThat(get).as("%s probes over HTTP", where).isNotNull();
                    int port = resolvePort(container, get);
                    assertThat(served).as("%s probes port %d", where, port).containsKey(port);
                    assertThat(served.get(port))
                            .as("%s probes path on %d", where, port)
                            .contains(get.getPath());
                }
            }
        }
    }

    /** A named probe port must name a declared container port; a numbered one is taken as is. */
    private static int resolvePort(Container container, HTTPGetAction get) {
        if (get.getPort().getIntVal() != null) {
            return get.getPort().getIntVal();
        }
        String name = get.getPort().getStrVal();
        return ports(container).stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        container.getName() + " probes port \"" + name + "\", which it does not declare"))
                .getContainerPort();
    }

    static void noHostPortCollisions(Manifests manifests) {
        // A DaemonSet's pod runs on every node, so its host ports meet every other pod's there.
        Map<String, String> claimed = new HashMap<>();
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            int copiesPerNode = 1;
            if (pod.owner().startsWith("Deployment/")) {
                Integer replicas = manifests
                        .get(Deployment.class, pod.owner().substring("Deployment/".length()))
                        .getSpec()
                        .getReplicas();
                copiesPerNode = replicas == null ? 1 : replicas;
            }
            for (Container container : pod.spec().getContainers()) {
                for (ContainerPort port : ports(container)) {
                    if (port.getHostPort() == null || port.getHostPort() == 0) {
                        continue;
                    }
                    assertThat(pod.owner())
                            .as(
                                    "hostPort %d on a non-DaemonSet pod with replicas %d",
                                    port.getHostPort(), copiesPerNode)
                            .startsWith("DaemonSet/");
                    String key = port.getHostPort() + "/" + (port.getProtocol() == null ? "TCP" : port.getProtocol());
                    String previous = claimed.put(key, pod.owner() + " " + container.getName());
                    assertThat(previous)
                            .as("hostPort %s claimed by %s and %s", key, previous, pod.owner())
                            .isNull();
                }
            }
        }
    }

    static void everyServiceSelectsAPod(Manifests manifests) {
        for (Service service : manifests.all(Service.class)) {
            List<Manifests.PodTemplate> selected = manifests.selectedBy(service);
            assertThat(selected)
                    .as("pods selected by Service %s", service.getMetadata().getName())
                    .isNotEmpty();
            for (var servicePort : service.getSpec().getPorts()) {
                if (servicePort.getTargetPort() == null) {
                    continue;
                }
                for (Manifests.PodTemplate pod : selected) {
                    boolean served = pod.spec().getContainers().stream()
                            .flatMap(c -> ports(c).stream())
                            .anyMatch(p -> servicePort.getTargetPort().getIntVal() != null
                                    ? servicePort.getTargetPort().getIntVal().equals(p.getContainerPort())
                                    : servicePort.getTargetPort().getStrVal().equals(p.getName()));
                    assertThat(served)
                            .as(
                                    "Service %s port %s targets %s, which %s does not declare",
                                    service.getMetadata().getName(),
                                    servicePort.getName(),
                                    servicePort.getTargetPort(),
                                    pod.owner())
                            .isTrue();
                }
            }
        }
    }

    static List<ContainerPort> ports(Container container) {
        return container.getPorts() == null ? List.of() : container.getPorts();
    }
}
