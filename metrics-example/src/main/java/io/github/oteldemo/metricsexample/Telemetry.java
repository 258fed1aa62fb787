package io.github.oteldemo.metricsexample;

import io.github.oteldemo.resource.GoogleCloudResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;

/**
 * The OpenTelemetry SDK, configured by autoconfigure from the standard {@code OTEL_*} variables,
 * with this program's defaults underneath them.
 */
final class Telemetry {

    public static final String DEFAULT_SERVICE_NAME = "custom-metrics-example";
    public static final String INSTRUMENTATION_SCOPE = "io.github.oteldemo.metricsexample";

    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private Telemetry() {}

    /**
     * Builds the SDK. Exporters connect lazily, so this does not wait for a collector.
     *
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException for a bad OTEL_* value
     */
    public static OpenTelemetrySdk configure() {
        return GoogleCloudResource.installOn(AutoConfiguredOpenTelemetrySdk.builder())
                // Defaults only: environment variables and system properties override them.
                .addPropertiesSupplier(() -> Map.of(
                        // This program emits one counter and nothing else.
                        "otel.traces.exporter", "none",
                        "otel.logs.exporter", "none"))
                .addResourceCustomizer((resource, config) -> withDefaultServiceName(resource))
                // Start-up and SIGTERM handling own the SDK's lifecycle.
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /**
     * The SDK names an unnamed service {@code unknown_service:java}; a name from OTEL_SERVICE_NAME or
     * OTEL_RESOURCE_ATTRIBUTES is kept.
     */
    static Resource withDefaultServiceName(Resource resource) {
        String name = resource.getAttribute(SERVICE_NAME);
        if (name != null && !name.startsWith("unknown_service")) {
            return resource;
        }
        return resource.merge(
                Resource.builder().put(SERVICE_NAME, DEFAULT_SERVICE_NAME).build());
    }
}
