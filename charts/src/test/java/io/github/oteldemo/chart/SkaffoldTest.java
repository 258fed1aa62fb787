package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.Manifests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skaffold run} installs the chart with the images it built through the
 * {@code setValueTemplates} of {@code skaffold.yaml}; those values must still exist in the chart
 * and make each program's pod run exactly the image skaffold pushed.
 */
class SkaffoldTest {

    private static final Pattern IMAGE_TEMPLATE = Pattern.compile("\\{\\{\\.IMAGE_(REPO|TAG)_(\\w+)}}");

    @TempDir
    static Path strippedChart;

    @Test
    void chartRunsTheImagesSkaffoldBuilt() throws IOException {
        JsonNode skaffold = new ObjectMapper(new YAMLFactory())
                .readTree(ChartUnderTest.directoryProperty("repository.directory")
                        .resolve("skaffold.yaml")
                        .toFile());
        JsonNode release = skaffold.at("/manifests/helm/releases/0");
        assertThat(release.path("chartPath").asText()).isEqualTo("charts/otel-demo");

        // What skaffold substitutes for --default-repo=registry.example/demo and tag "abc123".
        Map<String, String> sets = new LinkedHashMap<>();
        release.path("setValueTemplates").fields().forEachRemaining(value -> {
            Matcher template = IMAGE_TEMPLATE.matcher(value.getValue().asText());
            sets.put(
                    value.getKey(),
                    template.replaceAll(found -> found.group(1).equals("TAG")
                            ? "abc123"
                            : "registry.example/demo/"
                                    + found.group(2).replace("otel_demo_", "").replace('_', '-')));
        });
        List<String> artifacts = skaffold.at("/build/artifacts").findValuesAsText("image");
        assertThat(artifacts)
                .containsExactly(
                        "otel-demo/flask-app-port", "otel-demo/metrics-example", "otel-demo/locust-like-loader");

        Manifests rendered =
                ChartUnderTest.fromBuild().withoutDependencies(strippedChart).render(List.of(), sets);
        assertThat(image(rendered, "otel-demo-flask-app", "flask-app"))
                .isEqualTo("registry.example/demo/flask-app-port:abc123");
        assertThat(image(rendered, "otel-demo-metrics-example", "metrics-example"))
                .isEqualTo("registry.example/demo/metrics-example:abc123");
        assertThat(image(rendered, "otel-demo-loader-master", null))
                .isEqualTo("registry.example/demo/locust-like-loader:abc123");
        assertThat(image(rendered, "otel-demo-loader-worker", null))
                .isEqualTo("registry.example/demo/locust-like-loader:abc123");
    }

    private static String image(Manifests rendered, String deployment, String container) {
        return rendered.podSpecOf(Deployment.class, deployment).getContainers().stream()
                .filter(c -> container == null || c.getName().equals(container))
                .findFirst()
                .orElseThrow()
                .getImage();
    }
}
