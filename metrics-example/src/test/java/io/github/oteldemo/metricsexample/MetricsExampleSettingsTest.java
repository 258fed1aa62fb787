package io.github.oteldemo.metricsexample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsExampleSettingsTest {

    @Test
    void defaultsWorkOnALaptop() {
        MetricsExampleSettings settings = MetricsExampleSettings.fromEnvironment(Map.of());

        assertThat(settings)
                .isEqualTo(new MetricsExampleSettings(
                        Duration.ofSeconds(5), "staging", "0.0.0.0", 8080, Duration.ofMinutes(1), "INFO"));
    }

    @Test
    void blankCountsAsUnset() {
        MetricsExampleSettings settings =
                MetricsExampleSettings.fromEnvironment(Map.of("INCREMENT_INTERVAL", " ", "APP_ENVIRONMENT", ""));

        assertThat(settings.incrementInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.environment()).isEqualTo("staging");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "5s, PT5S", "1m, PT1M", "2h, PT2H", " 7s , PT7S"})
    void readsDurationsWithUnits(String written, Duration expected) {
        MetricsExampleSettings settings = MetricsExampleSettings.fromEnvironment(Map.of("INCREMENT_INTERVAL", written));

        assertThat(settings.incrementInterval()).isEqualTo(expected);
    }

    @Test
    void readsTheRest() {
        MetricsExampleSettings settings = MetricsExampleSettings.fromEnvironment(Map.of(
                "APP_ENVIRONMENT", "production",
                "HEALTH_HOST", "127.0.0.1",
                "HEALTH_PORT", "0",
                "SUMMARY_INTERVAL", "30s",
                "LOG_LEVEL", "debug"));

        assertThat(settings)
                .isEqualTo(new MetricsExampleSettings(
                        Duration.ofSeconds(5), "production", "127.0.0.1", 0, Duration.ofSeconds(30), "DEBUG"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "INCREMENT_INTERVAL, abc",
        "INCREMENT_INTERVAL, 0s",
        "INCREMENT_INTERVAL, -5s",
        "INCREMENT_INTERVAL, 5",
        "INCREMENT_INTERVAL, 1.5s",
        "INCREMENT_INTERVAL, 5 s",
        "INCREMENT_INTERVAL, 99999999999999999999s",
        "INCREMENT_INTERVAL, 9999999999999999h",
        "SUMMARY_INTERVAL, 0m",
        "HEALTH_PORT, abc",
        "HEALTH_PORT, -1",
        "HEALTH_PORT, 65536",
        "LOG_LEVEL, verbose",
    })
    void rejectsWithALineNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> MetricsExampleSettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid " + variable + " '" + value.strip() + "': expected ")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
