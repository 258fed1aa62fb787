package io.github.oteldemo.metricsexample;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    @Test
    void unnamedServiceGetsTheExampleName() {
        Resource named = Telemetry.withDefaultServiceName(Resource.getDefault());

        assertThat(named.getAttribute(Telemetry.SERVICE_NAME)).isEqualTo("custom-metrics-example");
        assertThat(named.getAttribute(AttributeKey.stringKey("telemetry.sdk.name")))
                .isEqualTo("opentelemetry");
    }

    @Test
    void aNameGivenByTheUserIsKept() {
        Resource given = Resource.getDefault()
                .merge(Resource.builder().put("service.name", "mine").build());

        assertThat(Telemetry.withDefaultServiceName(given).getAttribute(Telemetry.SERVICE_NAME))
                .isEqualTo("mine");
    }
}
