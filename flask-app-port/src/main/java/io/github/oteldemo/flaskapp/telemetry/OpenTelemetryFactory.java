package io.github.oteldemo.flaskapp.telemetry;

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

    /**
     * Span batching sized for the load test's rate, 20,000 to 30,000 requests (spans) a second
     * on a small node. The SDK defaults (queue 2,048, batch 512, every 5 s) hold a tenth of a
     * second of that traffic and drop the rest. The processor sends one batch at a time, so the
     * batch size sets how slow an export may be: 4,096 spans (about 1.5 MB of OTLP, under the
     * collector's 4 MB gRPC limit) leave as soon as that many are queued, about 7 exports a
     * second, each allowed some 140 ms. The queue of 32,768 spans rides out a collector stall or
     * GC pause of over a second and bounds the memory held to about 50 MB. The 1 s delay sends
     * light traffic promptly. {@code OTEL_BSP_*} override each value.
     */
    private static final Map<String, String> BATCH_SPAN_PROCESSOR = Map.of(
            "otel.bsp.max.queue.size", "32768",
            "otel.bsp.max.export.batch.size", "4096",
            "otel.bsp.schedule.delay", "1000");

    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

    private OpenTelemetryFactory() {
    }

    /**
     * The SDK has no shutdown hook of its own: {@link ManagedOpenTelemetry} flushes it after the
     * server has finished its requests, where a hook would race the server's shutdown and lose
     * the last spans.
     */
    public static OpenTelemetrySdk create(@Nullable String serviceVersion) {
        return GoogleCloudResource.installOn(AutoConfiguredOpenTelemetrySdk.builder())
                .addPropertiesSupplier(OpenTelemetryFactory::defaults)
                .addResourceCustomizer((resource, config) -> withServiceVersion(resource, serviceVersion))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    static Map<String, String> defaults() {
        Map<String, String> defaults = new HashMap<>(BATCH_SPAN_PROCESSOR);
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
