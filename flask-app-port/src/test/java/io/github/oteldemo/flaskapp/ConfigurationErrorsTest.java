package io.github.oteldemo.flaskapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops start-up with one line naming it: exit 1, no stack trace. */
class ConfigurationErrorsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "CHAOS_TARGET_PERCENT, 150,    chaosTargetPercent (environment variable CHAOS_TARGET_PERCENT) must be less than or equal to 100",
        "CHAOS_TARGET_PERCENT, -1,     chaosTargetPercent (environment variable CHAOS_TARGET_PERCENT) must be greater than or equal to 0",
        "CHAOS_TARGET_PERCENT, abc,    chaosTargetPercent (environment variable CHAOS_TARGET_PERCENT)",
        "PORT,                 70000,  server.applicationConnectors[0].port (environment variable PORT) must be between 1 and 65535",
        "ADMIN_PORT,           port,   server.adminConnectors[0].port (environment variable ADMIN_PORT)",
        "STATSD_PORT,          0,      metrics.reporters[0].port (environment variable STATSD_PORT) must be greater than or equal to 1",
        "STATSD_INTERVAL,      banana, metrics.reporters[0].frequency (environment variable STATSD_INTERVAL)",
    })
    void aBadEnvironmentVariableIsNamedInOneLine(String variable, String value, String expected) throws Exception {
        try (ChildApp app = ChildApp.start(Map.of(variable, value), "server")) {
            app.assertFailsWithOneLine(PATIENCE, expected);
        }
    }

    @Test
    void anUnknownReporterOptionIsNamedInOneLine(@TempDir Path directory) throws Exception {
        Path config = Files.writeString(directory.resolve("config.yml"), """
                metrics:
                  reporters:
                    - type: statsd
                      hots: localhost
                """);
        try (ChildApp app = ChildApp.start(Map.of(), "server", config.toString())) {
            app.assertFailsWithOneLine(PATIENCE, "Unrecognized field at: metrics.reporters[0].hots");
        }
    }

    @Test
    void aMissingConfigurationFileIsNamedInOneLine(@TempDir Path directory) throws Exception {
        Path missing = directory.resolve("missing.yml");
        try (ChildApp app = ChildApp.start(Map.of(), "server", missing.toString())) {
            app.assertFailsWithOneLine(PATIENCE, missing.toString());
        }
    }
}
