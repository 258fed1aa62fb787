package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.chart.render.ChartUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * yamllint (the Debian package, as CI installs it) over the chart's plain YAML, the overlays,
 * ct.yaml and the workflows, with the chart's .yamllint settings.
 */
class YamlStyleTest {

    private static final Path chart = ChartUnderTest.fromBuild().directory();

    @Test
    void yamllintFindsNothing() throws IOException, InterruptedException {
        Path repository = ChartUnderTest.directoryProperty("repository.directory");
        String report = yamllint(
                chart.toString(),
                ChartUnderTest.directoryProperty("collector-values.directory").toString(),
                repository.resolve("ct.yaml").toString(),
                repository.resolve(".github/workflows").toString());
        assertThat(report).as("yamllint report").isEmpty();
    }

    @Test
    void settingsStillSeeTheChartsFiles(@TempDir Path scratch) throws IOException, InterruptedException {
        // The ignore patterns match at any depth; make sure they do not hide the chart itself.
        Path sloppy =
                Files.createDirectories(scratch.resolve("charts/otel-demo/ci")).resolve("sloppy-values.yaml");
        Files.writeString(sloppy, "enabled:   yes\n");
        assertThat(yamllint(sloppy.toString()))
                .contains("sloppy-values.yaml:1:11: [error] too many spaces after colon");
    }

    private static String yamllint(String... paths) throws IOException, InterruptedException {
        Path yamllint = onPath("yamllint");
        if (yamllint == null) {
            String reason = "skipped: yamllint is not on PATH (apt-get install yamllint)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        List<String> command = new ArrayList<>(List.of(
                yamllint.toString(),
                "--strict",
                "--format",
                "parsable",
                "--config-file",
                chart.resolve(".yamllint").toString()));
        command.addAll(List.of(paths));
        Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(60, TimeUnit.SECONDS)).as("yamllint finished").isTrue();
        assertThat(lint.exitValue() == 0)
                .as("yamllint exit status matches its report:%n%s", report)
                .isEqualTo(report.isEmpty());
        return report;
    }

    private static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Paths.get(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }
}
