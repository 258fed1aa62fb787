package io.github.oteldemo.chart.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart as the tests see it: the directory itself (complete when `helm dependency build`
 * has put the collector chart under charts/), or a copy without its dependencies, which
 * renders our own templates on any machine.
 */
public final class ChartUnderTest {

    /** The release name of the docs/DESIGN.md contract: object names are derived from it. */
    public static final String RELEASE = "otel-demo";

    public static final String NAMESPACE = "otel-demo";
    /** Helm's offline default (v1.20) is older than the chart's kubeVersion; render for a current cluster. */
    public static final String KUBE_VERSION = "v1.33.0";

    private static final String COLLECTOR_CHART = "charts/opentelemetry-collector/Chart.yaml";

    private final Path directory;
    private final StrictKubernetesYaml yaml = new StrictKubernetesYaml();

    private ChartUnderTest(Path directory) {
        this.directory = directory;
    }

    /** The chart named by the {@code chart.directory} system property that Maven sets. */
    public static ChartUnderTest fromBuild() {
        return new ChartUnderTest(directoryProperty("chart.directory"));
    }

    public static Path directoryProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the tests through Maven)");
        }
        return Paths.get(value).toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Whether the official collector chart sits under charts/, as `helm dependency build` leaves it. */
    public boolean hasDependencies() {
        return Files.isRegularFile(directory.resolve(COLLECTOR_CHART));
    }

    /**
     * Copies the chart into {@code target} without charts/, Chart.lock and the dependencies in
     * Chart.yaml: Helm refuses to render a chart whose declared dependencies are missing, even
     * when their conditions are false.
     */
    public ChartUnderTest withoutDependencies(Path target) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = directory.relativize(source);
                if (relative.startsWith("charts") || relative.toString().equals("Chart.lock")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
            YAMLMapper mapper = new YAMLMapper();
            Path chartYaml = target.resolve("Chart.yaml");
            ObjectNode metadata = (ObjectNode) mapper.readTree(chartYaml.toFile());
            metadata.remove("dependencies");
            mapper.writeValue(chartYaml.toFile(), metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChartUnderTest(target);
    }

    /**
     * Turns this copy's `helm test` pods into plain manifests, because Helm's template action
     * as helm-java runs it leaves hooks out of its output. Only for copies: it edits files.
     */
    public ChartUnderTest withTestHooksAsManifests() {
        if (directory.equals(directoryProperty("chart.directory"))) {
            throw new IllegalStateException("refusing to edit the chart itself; make a copy first");
        }
        try (Stream<Path> tests = Files.list(directory.resolve("templates/tests"))) {
            for (Path test : (Iterable<Path>) tests::iterator) {
                List<String> lines = Files.readAllLines(test).stream()
                        .filter(line -> !line.contains("helm.sh/hook"))
                        .toList();
                Files.write(test, lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code helm template} with these values files (applied in order) and --set values. */
    public Manifests render(List<Path> valuesFiles, Map<String, String> sets) {
        return new Manifests(yaml.parseAll(template(valuesFiles, sets)), yaml);
    }

    /** As {@link #render(List, Map)}, for another release name and namespace. */
    public Manifests render(String release, String namespace, List<Path> valuesFiles, Map<String, String> sets) {
        return new Manifests(yaml.parseAll(template(release, namespace, valuesFiles, sets)), yaml);
    }

    /** Copies the whole chart, dependencies included, into {@code target} (for edits such as hooks). */
    public ChartUnderTest copyTo(Path target) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(directory.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChartUnderTest(target);
    }

    public Manifests render(Path... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    /**
     * NOTES.txt as `helm install` prints it, from a client-only dry run (nothing is contacted).
     */
    public String notes(Map<String, String> sets) {
        InstallCommand install = new Helm(directory)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .clientOnly()
                .dryRun()
                .withDryRunOption(DryRun.CLIENT);
        sets.forEach(install::set);
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new IllegalStateException("helm install printed no NOTES:\n" + output);
        }
        return output.substring(notes + "NOTES:".length());
    }

    /** The raw output of {@code helm template}; Helm's error becomes an IllegalStateException. */
    public String template(List<Path> valuesFiles, Map<String, String> sets) {
        return template(RELEASE, NAMESPACE, valuesFiles, sets);
    }

    /** {@code helm template} for another release name and namespace. */
    public String template(String release, String namespace, List<Path> valuesFiles, Map<String, String> sets) {
        TemplateCommand template = new Helm(directory)
                .template()
                .withName(release)
                .withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return template.call();
    }
}
