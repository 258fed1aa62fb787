package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.chart.render.ChartUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Helm reads no file outside the chart, so the chart carries a copy of the app's
 * statsd-exporter mapping; the copy must not drift from the app's file.
 */
class StatsdMappingTest {

    @Test
    void chartCopyIsTheAppsMapping() throws IOException {
        Path app = ChartUnderTest.directoryProperty("app-statsd-mapping.file");
        Path copy = ChartUnderTest.fromBuild().directory().resolve("files/statsd-mapping.yml");
        assertThat(app).as("the app's mapping").isRegularFile();
        assertThat(Files.readString(copy))
                .as("charts/otel-demo/files/statsd-mapping.yml differs from %s: copy it over", app)
                .isEqualTo(Files.readString(app));
    }
}
