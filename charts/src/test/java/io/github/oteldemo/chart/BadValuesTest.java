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
            """)
    void schemaRejectsAValueAndNamesIt(String key, String value, String named) {
        String message = renderError(chart, Map.of(key, value));
        assertThat(message).contains("values don't meet the specifications of the schema");
        assertThat(firstLineNaming(message, named)).as("a line naming %s in:%n%s", named, message).isNotNull();
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
        String message = renderError(chart, Map.of("otlp.agentAccess", "service"));
        assertThat(message).contains("otlp.agentAccess=service needs the agent's Service: "
                + "set otel-agent.enabled=true and otel-agent.service.enabled=true");
    }

    static String renderError(ChartUnderTest chart, Map<String, String> sets) {
        return renderError(chart, List.of(), sets);
    }

    static String renderError(ChartUnderTest chart, List<Path> valuesFiles, Map<String, String> sets) {
        IllegalStateException error = catchThrowableOfType(IllegalStateException.class,
                () -> chart.template(valuesFiles, sets));
        assertThat(error).as("helm template with %s should fail", sets).isNotNull();
        assertThat(error.getMessage()).as("no Go stack trace").doesNotContain("goroutine");
        return error.getMessage();
    }

    static String firstLineNaming(String message, String name) {
        return message.lines().filter(line -> line.contains(name)).findFirst().orElse(null);
    }
}
