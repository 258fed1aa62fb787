package io.github.oteldemo.flaskapp.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * The demo's custom metric: {@code flask_app_hello_requests}, one per {@code GET /}, with the
 * same attributes the original Flask app put on it.
 */
public final class HelloRequestCounter {

    static final AttributeKey<String> PID = AttributeKey.stringKey("pid");
    static final AttributeKey<String> APP = AttributeKey.stringKey("app");
    static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("environment");

    private final LongCounter counter;
    private final Attributes attributes;

    public HelloRequestCounter(Meter meter, String environment) {
        this.counter = meter.counterBuilder("flask_app_hello_requests")
                .setUnit("1")
                .setDescription("Hello requests count")
                .build();
        this.attributes = Attributes.of(
                PID, Long.toString(ProcessHandle.current().pid()), APP, "flask-app", ENVIRONMENT, environment);
    }

    public void increment() {
        counter.add(1, attributes);
    }
}
