package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.github.oteldemo.chart.render.ChartUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chart.yaml, Chart.lock and `helm lint`: what `helm dependency build` and `ct lint` check. */
class ChartPackagingTest {

    static final String COLLECTOR_REPOSITORY = "https://open-telemetry.github.io/opentelemetry-helm-charts";

    static ChartUnderTest chart;
    static JsonNode metadata;
    static JsonNode lock;

    @BeforeAll
    static void read() throws IOException {
        chart = ChartUnderTest.fromBuild();
        YAMLMapper yaml = new YAMLMapper();
        metadata = yaml.readTree(chart.directory().resolve("Chart.yaml").toFile());
        lock = yaml.readTree(chart.directory().resolve("Chart.lock").toFile());
    }

    @Test
    void dependsOnTheOfficialCollectorChartTwice() {
        assertThat(metadata.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(metadata.path("version").asText())
                .isNotEqualTo(metadata.path("appVersion").asText());
        JsonNode dependencies = metadata.path("dependencies");
        assertThat(dependencies).hasSize(2);
        String[] aliases = {"otel-agent", "otel-gateway"};
        for (int i = 0; i < aliases.length; i++) {
            JsonNode dependency = dependencies.get(i);
            assertThat(dependency.path("name").asText()).isEqualTo("opentelemetry-collector");
            assertThat(dependency.path("alias").asText()).isEqualTo(aliases[i]);
            assertThat(dependency.path("condition").asText()).isEqualTo(aliases[i] + ".enabled");
            assertThat(dependency.path("repository").asText()).isEqualTo(COLLECTOR_REPOSITORY);
            assertThat(dependency.path("version").asText())
                    .as("a pinned version")
                    .matches("0\\.1[7-9][0-9]\\.[0-9]+");
            JsonNode locked = lock.path("dependencies").get(i);
            assertThat(locked.path("name").asText()).isEqualTo("opentelemetry-collector");
            assertThat(locked.path("repository").asText()).isEqualTo(COLLECTOR_REPOSITORY);
            assertThat(locked.path("version").asText())
                    .isEqualTo(dependency.path("version").asText());
        }
    }

    @Test
    void appVersionIsTheMavenReleaseVersion() throws IOException {
        // One version: the images are tagged with appVersion, which is the Maven project version
        // without -SNAPSHOT (the release workflow sets exactly that version before it builds).
        String pom = Files.readString(
                ChartUnderTest.directoryProperty("repository.directory").resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>otel-demo-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).as("the parent POM's version").isTrue();
        String appVersion = metadata.path("appVersion").asText();
        assertThat(appVersion).as("a release version, never a snapshot").matches("[0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(version.group(1).replaceFirst("-SNAPSHOT$", ""))
                .as("Maven version without -SNAPSHOT")
                .isEqualTo(appVersion);
        Matcher registry =
                Pattern.compile("<image.registry>([^<]+)</image.registry>").matcher(pom);
        assertThat(registry.find()).isTrue();
        JsonNode values = new YAMLMapper()
                .readTree(chart.directory().resolve("values.yaml").toFile());
        assertThat(values.at("/image/registry").asText())
                .as("values.yaml image.registry = the POM's Jib registry")
                .isEqualTo(registry.group(1));
    }

    @Test
    void artifactHubMetadataListsWhatTheDefaultInstallRuns() throws IOException {
        assertThat(metadata.path("home").asText()).startsWith("https://");
        assertThat(metadata.path("sources")).isNotEmpty();
        assertThat(metadata.path("maintainers").get(0).path("name").asText()).isNotBlank();
        JsonNode annotations = metadata.path("annotations");
        YAMLMapper yaml = new YAMLMapper();
        List<String> listed = new ArrayList<>();
        yaml.readTree(annotations.path("artifacthub.io/images").asText())
                .forEach(i -> listed.add(i.path("image").asText()));
        assertThat(yaml.readTree(annotations.path("artifacthub.io/changes").asText()))
                .isNotEmpty();
        assertThat(yaml.readTree(annotations.path("artifacthub.io/links").asText()))
                .isNotEmpty();

        WithCollectorsTest.assumeCollectorChartPresent(chart);
        Set<String> rendered = new TreeSet<>();
        Path copy = Files.createTempDirectory("chart-images");
        chart.copyTo(copy.resolve("otel-demo"))
                .withTestHooksAsManifests()
                .render()
                .podTemplates()
                .forEach(pod -> pod.spec().getContainers().forEach(c -> rendered.add(c.getImage())));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(rendered);
    }

    @Test
    void lockDigestIsTheOneHelmComputes(@TempDir Path copy, @TempDir Path changed) throws IOException {
        // `helm dependency build` compares Chart.lock's digest with its own hash of Chart.yaml's
        // dependencies before it fetches anything; offline it then stops at the download.
        String chartYaml = Files.readString(chart.directory().resolve("Chart.yaml"));
        assertThat(dependencyBuildError(copy, chartYaml))
                .as("helm dependency build")
                .doesNotContain("out of sync");

        // The same check on a Chart.yaml that no longer matches the lock proves it ran.
        String edited = chartYaml.replace("condition: otel-gateway.enabled", "condition: otel-gateway.on");
        assertThat(edited).isNotEqualTo(chartYaml);
        assertThat(dependencyBuildError(changed, edited)).contains("the lock file (Chart.lock) is out of sync");
    }

    /** Runs `helm dependency build` on a copy of the chart (no charts/) with this Chart.yaml. */
    private static String dependencyBuildError(Path target, String chartYaml) throws IOException {
        Path copy = chart.withoutDependencies(target).directory();
        Files.writeString(copy.resolve("Chart.yaml"), chartYaml);
        Files.copy(chart.directory().resolve("Chart.lock"), copy.resolve("Chart.lock"));
        IllegalStateException error = catchThrowableOfType(
                IllegalStateException.class,
                () -> new Helm(copy).dependency().build().skipRefresh().call());
        return error == null ? "" : error.getMessage();
    }

    @Test
    void lintPassesOnOurTemplates(@TempDir Path copy) {
        LintResult result = new Helm(chart.withoutDependencies(copy).directory())
                .lint()
                .strict()
                .call();
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
    }

    @Test
    void lintPassesOnTheWholeChart() {
        WithCollectorsTest.assumeCollectorChartPresent(chart);
        LintResult result = new Helm(chart.directory()).lint().strict().call();
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
    }
}
