package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.CollectorConfigs;
import io.github.oteldemo.chart.render.CollectorConfigs.Rendered;
import io.github.oteldemo.chart.render.Manifests;
import io.github.oteldemo.testing.peers.Otelcol;
import io.github.oteldemo.testing.peers.Otelcol.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every collector configuration a user can install (the defaults, every ci/ scenario, every
 * overlay; agent and gateway each) is loaded by the real collector the chart deploys, with the
 * environment the chart gives the pods, and it names nothing deprecated: no component alias
 * (they load, but warn at every start, which {@code otelcol validate} does not show) and no
 * deprecated form of a setting.
 */
class CollectorConfigsTest {

    @TempDir
    static Path harnessChart;

    static ChartUnderTest chart;
    static CollectorConfigs harness;

    @BeforeAll
    static void harness() {
        chart = ChartUnderTest.fromBuild();
        harness = CollectorConfigs.of(chart, harnessChart);
    }

    /** A values combination a user can install: its name, values files and --set values. */
    record Install(String name, List<Path> valuesFiles, Map<String, String> sets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Install> installs() throws IOException {
        List<Install> installs = new ArrayList<>();
        installs.add(new Install("defaults", List.of(), Map.of()));
        ScenariosTest.scenarios()
                .forEach(s -> installs.add(new Install("ci/" + s.getFileName(), List.of(s), Map.of())));
        ScenariosTest.overlays()
                .forEach(o -> installs.add(new Install(
                        "otel-collector-values/" + o.getFileName(),
                        List.of(o),
                        ScenariosTest.OVERLAY_VALUES.getOrDefault(
                                o.getFileName().toString(), Map.of()))));
        return installs.stream();
    }

    static Stream<Arguments> collectors() throws IOException {
        return installs()
                .flatMap(install -> harness.render(install.valuesFiles(), install.sets()).stream()
                        .map(rendered -> Arguments.of(install, rendered.alias(), rendered)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("collectors")
    void theRealCollectorLoadsIt(Install install, String alias, Rendered config, @TempDir Path dir) throws IOException {
        assertThat(config.environment())
                .as("%s %s reads variables its pod does not have", install, alias)
                .containsAll(config.referencedVariables());
        Path file = Files.writeString(dir.resolve(alias + ".yaml"), config.yaml());
        Validation validation = Otelcol.validate(file, podEnvironment(config));
        assertThat(validation.valid())
                .as("otelcol validate of %s %s:%n%s%n%s", install, alias, validation.output(), config.yaml())
                .isTrue();
        assertThat(validation.deprecations())
                .as("deprecation warnings for %s %s", install, alias)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("collectors")
    void itNamesNothingDeprecated(Install install, String alias, Rendered config) {
        Map<String, Set<String>> current = components();
        for (String kind : List.of("receivers", "processors", "exporters", "extensions", "connectors")) {
            config.tree()
                    .path(kind)
                    .fieldNames()
                    .forEachRemaining(id -> assertThat(current.get(kind))
                            .as(
                                    "%s %s: %s '%s' is not a current component name of the collector (a deprecated alias?)",
                                    install, alias, kind, id)
                            .contains(id.split("/", 2)[0]));
        }
        // The filter processor's metrics/logs/traces/spans forms are deprecated in favour of
        // *_conditions; the collector documents that but does not warn.
        config.tree().path("processors").fields().forEachRemaining(processor -> {
            if (processor.getKey().split("/", 2)[0].equals("filter")) {
                assertThat(processor.getValue().has("metrics")
                                || processor.getValue().has("logs")
                                || processor.getValue().has("traces")
                                || processor.getValue().has("spans"))
                        .as("%s %s: %s uses a deprecated form, not *_conditions", install, alias, processor.getKey())
                        .isFalse();
            }
        });
    }

    private static Map<String, Set<String>> components;

    private static synchronized Map<String, Set<String>> components() {
        if (components == null) {
            components = Otelcol.components();
            assertThat(components.get("processors")).as("otelcol components").contains("batch");
        }
        return components;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void theHarnessRendersWhatTheOfficialChartRenders(Install install) {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Manifests real = chart.render(install.valuesFiles(), install.sets());
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        expected.put("otel-agent", real.collectorConfig(WithCollectorsTest.AGENT_DAEMONSET));
        expected.put("otel-gateway", real.collectorConfig(WithCollectorsTest.GATEWAY));
        for (Rendered rendered : harness.render(install.valuesFiles(), install.sets())) {
            assertThat(rendered.tree())
                    .as("%s %s", install, rendered.alias())
                    .isEqualTo(expected.get(rendered.alias()));
        }
    }

    /** Placeholder values for what Kubernetes fills in (addresses, names, Secrets). */
    private static Map<String, String> podEnvironment(Rendered config) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : config.environment()) {
            environment.put(
                    name,
                    name.endsWith("_IP")
                            ? "127.0.0.1"
                            : "test-" + name.toLowerCase().replace('_', '-'));
        }
        environment.put("OTEL_K8S_NAMESPACE", ChartUnderTest.NAMESPACE);
        return environment;
    }
}
