package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.Manifests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace that enforces the restricted Pod Security Standard (and GKE Autopilot, which
 * refuses hostPort) accepts the default install: every pod it renders, ours, the collectors'
 * and the `helm test` pod.
 */
class PodSecurityStandardTest {

    @TempDir
    static Path strippedCopy;

    @TempDir
    static Path fullCopy;

    @Test
    void everyPodOfOurTemplatesIsRestricted() {
        Manifests manifests = ChartUnderTest.fromBuild()
                .withoutDependencies(strippedCopy)
                .withTestHooksAsManifests()
                .render();
        assertThat(manifests.podTemplates())
                .extracting(Manifests.PodTemplate::owner)
                .contains("Pod/otel-demo-test-connection");
        assertThat(RestrictedPodSecurity.violations(manifests)).isEmpty();
    }

    @Test
    void everyPodOfTheDefaultInstallIsRestricted() {
        ChartUnderTest chart = ChartUnderTest.fromBuild();
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Manifests manifests = chart.copyTo(fullCopy).withTestHooksAsManifests().render();
        assertThat(manifests.podTemplates())
                .extracting(Manifests.PodTemplate::owner)
                .contains(
                        "DaemonSet/" + WithCollectorsTest.AGENT_DAEMONSET,
                        "Deployment/" + WithCollectorsTest.GATEWAY,
                        "Deployment/otel-demo-flask-app",
                        "Pod/otel-demo-test-connection",
                        "Deployment/otel-demo-jaeger",
                        "Deployment/otel-demo-prometheus",
                        "Deployment/otel-demo-grafana");
        assertThat(RestrictedPodSecurity.violations(manifests)).isEmpty();
    }

    @Test
    void theHostPortOptionIsWhatRestrictedRefuses() {
        ChartUnderTest chart = ChartUnderTest.fromBuild();
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Manifests manifests = chart.render(chart.directory().resolve("ci/agent-hostport-values.yaml"));
        assertThat(RestrictedPodSecurity.violations(manifests))
                .containsExactlyInAnyOrder(
                        "DaemonSet/" + WithCollectorsTest.AGENT_DAEMONSET + " container otel-agent: hostPort 4317",
                        "DaemonSet/" + WithCollectorsTest.AGENT_DAEMONSET + " container otel-agent: hostPort 4318");
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        Container loose = new Container();
        loose.setName("loose");
        loose.setPorts(List.of(new ContainerPortBuilder()
                .withContainerPort(80)
                .withHostPort(80)
                .build()));
        Volume host = new VolumeBuilder()
                .withName("host")
                .withNewHostPath()
                .withPath("/")
                .endHostPath()
                .build();
        PodSpec spec = new PodSpecBuilder()
                .withHostNetwork(true)
                .withContainers(loose)
                .withVolumes(host)
                .build();
        assertThat(RestrictedPodSecurity.violations("Pod/loose", spec))
                .contains(
                        "Pod/loose: hostNetwork",
                        "Pod/loose: volume host of type hostPath",
                        "Pod/loose container loose: hostPort 80",
                        "Pod/loose container loose: allowPrivilegeEscalation is not false",
                        "Pod/loose container loose: runAsNonRoot is not true",
                        "Pod/loose container loose: seccompProfile is neither RuntimeDefault nor Localhost",
                        "Pod/loose container loose: capabilities.drop lacks ALL");
    }
}
