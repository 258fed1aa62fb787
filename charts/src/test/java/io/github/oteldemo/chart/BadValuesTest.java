package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oteldemo.chart.render.ChartUnderTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A mistaken value stops `helm install` with a message that names the value, before anything
 * reaches the cluster: through values.schema.json, or `required`/`fail` in the templates.
 */
class BadValuesTest {

    @TempDir
    static Path strippedChart;

    static ChartUnderTest chart;

    @BeforeAll
    static void copy() {
        chart = ChartUnderTest.fromBuild().withoutDependencies(strippedChart);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            flaskApp.chaosTargetPercent  | 150            | chaosTargetPercent
            flaskApp.chaosTargetPercent  | -1             | chaosTargetPercent
            flaskApp.replica             | 2              | replica
            flaskApp.service.type        | External       | type
            flaskApp.statsdInterval      | often          | statsdInterval
            otlp.agentAccess             | nodePort       | agentAccess
            otlp.protocol                | http/json      | protocol
            loader.worker.replicas       | -3             | replicas
            loader.taskFile.users        | null           | users
            loader.webAuth.username      | a:b            | username
            loader.otel.enabled          | yes            | enabled
            loader.otel.endpoint         | x              | endpoint
            image.pullPolicy             | Sometimes      | pullPolicy
            image.tag                    | -1             | tag
            image.tag                    | a b            | tag
            image.registry               | Registry/x:1   | registry
            otlp.metricExportInterval    | 0              | metricExportInterval
            otlp.metricExportInterval    | 30s            | metricExportInterval
            flaskApp.resources.limits.gpu | 1             | gpu
            networkPolicy.enabled        | maybe          | enabled
            podDisruptionBudget.maxUnavailable | 0        | maxUnavailable
            backends.enabled             | maybe          | enabled
            backends.jaeger.maxTraces    | 0              | maxTraces
            backends.jaeger.image.tag    | latest tag     | tag
            backends.prometheus.retention | forever       | retention
            backends.prometheus.retention | 6 h           | retention
            backends.prometheus.retentionSize | 1G        | retentionSize
            backends.prometheus.storageSizeLimit | 1GB    | storageSizeLimit
            backends.prometheus.resources.limits.memory | lots | memory
            backends.grafana.anonymousRole | Root         | anonymousRole
            backends.grafana.port        | 3000           | port
            """)
    void schemaRejectsAValueAndNamesIt(String key, String value, String named) {
        String message = renderError(chart, Map.of(key, value));
        assertThat(message).contains("values don't meet the specifications of the schema");
        assertThat(firstLineNaming(message, named))
                .as("a line naming %s in:%n%s", named, message)
                .isNotNull();
    }

    @Test
    void chaosAbove100SaysWhatTheLimitIs() {
        String message = renderError(chart, Map.of("flaskApp.chaosTargetPercent", "150"));
        assertThat(message.lines()).contains("- at '/flaskApp/chaosTargetPercent': maximum: got 150, want 100");
    }

    @Test
    void webAuthWithoutPasswordOrSecretIsRefused() {
        String message = renderError(chart, Map.of("loader.webAuth.enabled", "true"));
        assertThat(message).contains("loader.webAuth.password is required when loader.webAuth.enabled=true");
    }

    @Test
    void agentServiceAccessNeedsTheAgentsService() {
        String message = renderError(chart, Map.of("otel-agent.service.enabled", "false"));
        assertThat(message)
                .contains("otlp.agentAccess=service needs the agent's Service: set otel-agent.service.enabled=true");
    }

    @Test
    void serviceAccessRendersNoHostPort() {
        String message = renderError(chart, Map.of("otel-agent.ports.otlp.hostPort", "4317"));
        assertThat(message)
                .contains("otlp.agentAccess=service renders no hostPort, but otel-agent.ports.otlp.hostPort is 4317: "
                        + "set it to 0, or use otlp.agentAccess=hostPort (ci/agent-hostport-values.yaml)");
    }

    @Test
    void hostPortAccessNeedsTheHostPortItSendsTo() {
        String message = renderError(chart, Map.of("otlp.agentAccess", "hostPort"));
        assertThat(message)
                .contains(
                        "otlp.agentAccess=hostPort sends to the node's port 4317: set "
                                + "otel-agent.ports.otlp.enabled=true and otel-agent.ports.otlp.hostPort=4317 (see ci/agent-hostport-values.yaml)");
        String http = renderError(
                chart,
                Map.of(
                        "otlp.agentAccess",
                        "hostPort",
                        "otlp.protocol",
                        "http/protobuf",
                        "otel-agent.ports.otlp.hostPort",
                        "4317"));
        assertThat(http).contains("otel-agent.ports.otlp-http.hostPort=4318");
    }

    @Test
    void disablingTheAgentIsExplained() {
        assertThat(renderError(chart, Map.of("otel-agent.enabled", "false")))
                .contains("otel-agent.enabled=false leaves our programs without their node agent");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loader.master.service.type=LoadBalancer | loader.master.service.type=LoadBalancer publishes the loader's UI and API
            loader.master.service.type=NodePort     | loader.master.service.type=NodePort publishes the loader's UI and API
            loader.ingress.enabled=true             | loader.ingress.enabled=true publishes the loader's UI and API
            """)
    void publishedLoaderNeedsWebAuth(String set, String expected) {
        String[] keyValue = set.split("=", 2);
        String message = renderError(chart, Map.of(keyValue[0], keyValue[1]));
        assertThat(message).contains(expected, "which start load against any URL: set loader.webAuth.enabled=true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            traces  | otlp_grpc/jaeger     | jaeger
            metrics | otlp_http/prometheus | prometheus
            """)
    void backendsOffWhileTheGatewayStillExportsThereIsRefused(String pipeline, String exporter, String backend) {
        // With the metrics pipeline pointed elsewhere, the traces one is left; and the reverse.
        String other = pipeline.equals("traces") ? "metrics" : "traces";
        String message = renderError(
                chart,
                Map.of(
                        "backends.enabled",
                        "false",
                        "otel-gateway.alternateConfig.service.pipelines." + other + ".exporters[0]",
                        "debug"));
        assertThat(message)
                .contains("backends.enabled=false removes " + backend + ", but the gateway's " + pipeline
                        + " pipeline still exports to it (" + exporter
                        + "): use an overlay from otel-collector-values/, or set "
                        + "otel-gateway.alternateConfig.service.pipelines." + pipeline + ".exporters");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            fullnameOverride | demo   | demo-jaeger
            nameOverride     | shop   | otel-demo-shop-jaeger
            """)
    void backendsUnderANameTheGatewayCannotSeeAreRefused(String key, String value, String service) {
        assertThat(renderError(chart, Map.of(key, value)))
                .contains("backends.enabled=true names the jaeger Service \""
                        + service
                        + "\" (nameOverride/fullnameOverride), but the gateway's exporter, which sees only the release "
                        + "name, sends to \"otel-demo-jaeger\"");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1GiB   | 1Gi
            1GB    | 1Gi
            1000MB | 1G
            2GiB   | 1536Mi
            """)
    void prometheusRetentionSizeAtOrAboveItsVolumeLimitIsRefused(String retentionSize, String limit) {
        assertThat(renderError(
                        chart,
                        Map.of(
                                "backends.prometheus.retentionSize",
                                retentionSize,
                                "backends.prometheus.storageSizeLimit",
                                limit)))
                .contains("backends.prometheus.retentionSize (" + retentionSize + ") must stay under "
                        + "backends.prometheus.storageSizeLimit (" + limit + "): the kubelet evicts the pod");
        // Just under the limit is accepted.
        assertThat(chart.template(
                        List.of(),
                        Map.of(
                                "backends.prometheus.retentionSize",
                                "900MB",
                                "backends.prometheus.storageSizeLimit",
                                "1G")))
                .contains("--storage.tsdb.retention.size=900MB");
    }

    @Test
    void gatewayNameOverridesAreRefused() {
        assertThat(renderError(chart, Map.of("otel-gateway.fullnameOverride", "gw")))
                .contains("otel-gateway.fullnameOverride and otel-gateway.nameOverride are not supported");
    }

    @Test
    void aReleaseNamedAfterBothCollectorsIsRefused() {
        IllegalStateException error = catchThrowableOfType(
                IllegalStateException.class,
                () -> chart.template("otel-agent-otel-gateway", "demo", List.of(), Map.of()));
        assertThat(error).isNotNull();
        assertThat(error.getMessage())
                .contains(
                        "release name \"otel-agent-otel-gateway\" contains both "
                                + "\"otel-agent\" and \"otel-gateway\": both collectors' objects would be named \"otel-agent-otel-gateway\"");
    }

    static String renderError(ChartUnderTest chart, Map<String, String> sets) {
        return renderError(chart, List.of(), sets);
    }

    static String renderError(ChartUnderTest chart, List<Path> valuesFiles, Map<String, String> sets) {
        IllegalStateException error =
                catchThrowableOfType(IllegalStateException.class, () -> chart.template(valuesFiles, sets));
        assertThat(error).as("helm template with %s should fail", sets).isNotNull();
        assertThat(error.getMessage()).as("no Go stack trace").doesNotContain("goroutine");
        return error.getMessage();
    }

    static String firstLineNaming(String message, String name) {
        return message.lines().filter(line -> line.contains(name)).findFirst().orElse(null);
    }
}
