package io.github.oteldemo.flaskapp;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.oteldemo.testing.otlp.OtlpReceiver;

/**
 * Points the app's OpenTelemetry SDK at a test receiver. SDK autoconfigure reads system
 * properties, and Dropwizard's ConfigOverride sets a system property under any prefix for the
 * lifetime of one app, so the SDK settings travel with the app's other overrides.
 */
final class TestTelemetry {

    private static final String OTEL = "otel.";

    private TestTelemetry() {}

    /** The app on random ports with the test configuration, exporting to the receiver. */
    static DropwizardAppExtension<FlaskAppConfiguration> appExportingTo(OtlpReceiver receiver, ConfigOverride... more) {
        return new DropwizardAppExtension<>(
                FlaskAppApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"),
                exportingTo(receiver, more));
    }

    static ConfigOverride[] exportingTo(OtlpReceiver receiver, ConfigOverride... more) {
        ConfigOverride[] sdk = {
            ConfigOverride.config(OTEL, "exporter.otlp.endpoint", receiver::grpcEndpoint),
            ConfigOverride.config(OTEL, "metric.export.interval", "300"),
            ConfigOverride.config(OTEL, "bsp.schedule.delay", "100"),
        };
        ConfigOverride[] all = new ConfigOverride[sdk.length + more.length];
        System.arraycopy(sdk, 0, all, 0, sdk.length);
        System.arraycopy(more, 0, all, sdk.length, more.length);
        return all;
    }
}
