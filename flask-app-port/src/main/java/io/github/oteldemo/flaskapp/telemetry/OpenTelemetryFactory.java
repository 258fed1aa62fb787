package io.github.oteldemo.flaskapp.telemetry;

import io.github.oteldemo.export.HighRateSpanExport;
import io.github.oteldemo.resource.GoogleCloudResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenTelemetry SDK from the standard {@code OTEL_*} environment variables and system
 * properties (SDK autoconfigure), on top of this app's defaults.
 */
public final class OpenTelemetryFactory {

    static final String SERVICE_NAME = "flask-app-tutorial";

    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

    private OpenTelemetryFactory() {}

    /**
     * The SDK has no shutdown hook of its own: {@link ManagedOpenTelemetry} flushes it after the
     * server has finished its requests, where a hook would race the server's shutdown and lose
     * the last spans.
     */
    public static OpenTelemetrySdk create(@Nullable String serviceVersion) {
        return HighRateSpanExport.installOn(GoogleCloudResource.installOn(AutoConfiguredOpenTelemetrySdk.builder()))
                .addPropertiesSupplier(OpenTelemetryFactory::defaults)
                .addResourceCustomizer((resource, config) -> withServiceVersion(resource, serviceVersion))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    static Map<String, String> defaults() {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", SERVICE_NAME);
        defaults.put("otel.exporter.otlp.protocol", "grpc");
        // The app writes no OpenTelemetry logs; an idle log exporter would only hold a connection.
        defaults.put("otel.logs.exporter", "none");
        return defaults;
    }

    private static Resource withServiceVersion(Resource resource, @Nullable String serviceVersion) {
        if (serviceVersion == null || resource.getAttribute(SERVICE_VERSION) != null) {
            return resource;
        }
        return resource.merge(Resource.create(Attributes.of(SERVICE_VERSION, serviceVersion)));
    }
}
