package io.github.oteldemo.chart.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two collectors' configurations as the official opentelemetry-collector chart writes them,
 * rendered without that chart: CI cannot download it, yet every configuration a user can install
 * must be loaded by the real collector there.
 *
 * <p>The harness is one template ({@value #TEMPLATE}) added to a dependency-free copy of our chart. For each alias it
 * does what the official chart's {@code opentelemetry-collector.daemonsetConfig} /
 * {@code deploymentConfig} do with an {@code alternateConfig} and no presets: the subchart's
 * values (ours for the alias, plus {@code global}) round-trip through YAML and are passed through
 * {@code tpl} with the subchart's context, so {@code {{ .Release.Name }}}, our named templates and
 * {@code $$} behave as they do in a real install. {@code CollectorConfigsTest} checks that it
 * gives the same configuration as the real chart wherever the real chart is present.
 */
public final class CollectorConfigs {

    /** The chart aliases of the two collectors. */
    public static final List<String> ALIASES = List.of("otel-agent", "otel-gateway");

    /**
     * The variables the official chart's pod template (_pod.tpl) gives every collector container,
     * before the values' {@code extraEnvs}.
     */
    public static final List<String> CHART_ENV = List.of(
            "MY_POD_IP",
            "OTEL_K8S_NODE_NAME",
            "OTEL_K8S_NODE_IP",
            "OTEL_K8S_NAMESPACE",
            "OTEL_K8S_POD_NAME",
            "OTEL_K8S_POD_IP");

    /** The harness template, shared with demo.sh. */
    private static final String TEMPLATE = "scripts/pipeline/collector-config-harness.yaml";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    private final ChartUnderTest harness;
    private final StrictKubernetesYaml yaml = new StrictKubernetesYaml();

    private CollectorConfigs(ChartUnderTest harness) {
        this.harness = harness;
    }

    /**
     * @param chart  the chart under test
     * @param target an empty directory for the harness's copy of the chart
     */
    public static CollectorConfigs of(ChartUnderTest chart, Path target) {
        ChartUnderTest copy = chart.withoutDependencies(target);
        try {
            Files.copy(
                    ChartUnderTest.directoryProperty("repository.directory").resolve(TEMPLATE),
                    copy.directory().resolve("templates/collector-config-harness.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CollectorConfigs(copy);
    }

    /** One collector's configuration and the environment its container gets. */
    public record Rendered(String alias, String yaml, JsonNode tree, Set<String> environment) {

        /** The {@code ${env:NAME}} variables the configuration reads. */
        public Set<String> referencedVariables() {
            Set<String> names = new LinkedHashSet<>();
            Matcher matcher = ENV_REFERENCE.matcher(yaml);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }
    }

    /** Renders both collectors' configurations for these values files and --set values. */
    public List<Rendered> render(List<Path> valuesFiles, Map<String, String> sets) {
        return configsIn(harness.render(valuesFiles, sets));
    }

    /** The chart copy with the harness template: its renders hold our objects and both configurations. */
    public ChartUnderTest chart() {
        return harness;
    }

    /** The collectors' configurations in a render of {@link #chart()}. */
    public List<Rendered> configsIn(Manifests manifests) {
        List<Rendered> rendered = new ArrayList<>();
        for (String alias : ALIASES) {
            manifests.find(ConfigMap.class, "collector-config-harness-" + alias).ifPresent(map -> {
                String config = map.getData().get("relay");
                Set<String> environment = new LinkedHashSet<>(CHART_ENV);
                for (JsonNode env : yaml.tree(map.getData().get("extraEnvs"))) {
                    environment.add(env.path("name").asText());
                }
                rendered.add(new Rendered(alias, config, yaml.tree(config), environment));
            });
        }
        return rendered;
    }
}
