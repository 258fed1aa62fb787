package io.github.oteldemo.metricsexample;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/** The counter this program exists to emit, with the attributes every point carries. */
final class CustomMetric {

    public static final String NAME = "custom_metric_example";
    public static final String UNIT = "1";
    public static final String DESCRIPTION = "Example of custom metric sent with the OTLP exporter";
    public static final String APP = "custom-metrics-example";

    static final AttributeKey<String> APP_KEY = AttributeKey.stringKey("app");
    static final AttributeKey<String> ENVIRONMENT_KEY = AttributeKey.stringKey("environment");

    private final LongCounter counter;
    private final Attributes attributes;

    public CustomMetric(Meter meter, String environment) {
        counter = meter.counterBuilder(NAME)
                .setUnit(UNIT)
                .setDescription(DESCRIPTION)
                .build();
        attributes = Attributes.of(APP_KEY, APP, ENVIRONMENT_KEY, environment);
    }

    public void increment() {
        counter.add(1, attributes);
    }
}
