package io.github.oteldemo.flaskapp.cli;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The variables named in error messages are the embedded config.yml's own placeholders. */
class EmbeddedConfigurationVariablesTest {

    private static EmbeddedConfigurationVariables embedded() throws Exception {
        return EmbeddedConfigurationVariables.read(
                new EmbeddedOrFileSourceProvider(), EmbeddedOrFileSourceProvider.EMBEDDED_CONFIGURATION);
    }

    @Test
    void everyPlaceholderOfTheEmbeddedConfigurationIsFoundUnderItsSettingPath() throws Exception {
        assertThat(embedded().variableBySetting())
                .containsExactly(
                        entry("chaosTargetPercent", "CHAOS_TARGET_PERCENT"),
                        entry("environment", "APP_ENVIRONMENT"),
                        entry("server.applicationConnectors[0].port", "PORT"),
                        entry("server.adminConnectors[0].port", "ADMIN_PORT"),
                        entry("metrics.reporters[0].host", "STATSD_HOST"),
                        entry("metrics.reporters[0].port", "STATSD_PORT"),
                        entry("metrics.reporters[0].prefix", "STATSD_PREFIX"),
                        entry("metrics.reporters[0].frequency", "STATSD_INTERVAL"));
    }

    @Test
    void onlyAWholeSettingPathGetsItsVariable() throws Exception {
        assertThat(embedded().withVariableName("metrics.reporters[0].port must be greater than or equal to 1"))
                .isEqualTo(
                        "metrics.reporters[0].port (environment variable STATSD_PORT) must be greater than or equal to 1");
        assertThat(embedded().withVariableName("port is not a setting of its own"))
                .isEqualTo("port is not a setting of its own");
    }
}
