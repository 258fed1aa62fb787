package io.github.oteldemo.flaskapp.telemetry;

import io.github.oteldemo.resource.GoogleCloudResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
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
     * light traffic promptly. {@code OTEL_BSP_*} override each value. Two batches may be on
     * their way at once ({@link #MAX_CONCURRENT_EXPORTS}).
     */
    private static final Map<String, String> BATCH_SPAN_PROCESSOR = Map.of(
            "otel.bsp.max.queue.size", "32768",
            "otel.bsp.max.export.batch.size", "4096",
            "otel.bsp.schedule.delay", "1000");

    /**
     * {@code OTEL_BSP_MAX_CONCURRENT_EXPORTS}, this app's own setting (the SDK's processor has
     * none): how many OTLP span exports may be in flight at once ({@link PipelinedSpanExporter}).
     * 1 is the SDK's own behaviour, one at a time. Through the chart's agent on two busy shared
     * cores (bench/pipeline/run.sh), one at a time lost 5 % of spans over gRPC at 40,700
     * requests a second and 14 % over http/protobuf at 27,700; two at a time lost 1 % and 0.3 %
     * at 22,000-25,000 under a heavier load. What is still lost is lost when the cores are so
     * oversubscribed that the export threads wait longer than the queue lasts.
     */
    static final String MAX_CONCURRENT_EXPORTS = "otel.bsp.max.concurrent.exports";

    private static final int DEFAULT_MAX_CONCURRENT_EXPORTS = 2;
    private static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(30);

    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

    private OpenTelemetryFactory() {}

    /**
     * The SDK has no shutdown hook of its own: {@link ManagedOpenTelemetry} flushes it after the
     * server has finished its requests, where a hook would race the server's shutdown and lose
     * the last spans.
     */
    public static OpenTelemetrySdk create(@Nullable String serviceVersion) {
        return GoogleCloudResource.installOn(AutoConfiguredOpenTelemetrySdk.builder())
                .addPropertiesSupplier(OpenTelemetryFactory::defaults)
                .addResourceCustomizer((resource, config) -> withServiceVersion(resource, serviceVersion))
                .addSpanExporterCustomizer(OpenTelemetryFactory::pipelined)
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

    /** OTLP span exporters, which the batch processor drives, may have several exports in flight. */
    static SpanExporter pipelined(SpanExporter exporter, ConfigProperties config) {
        int maxInFlight = config.getInt(MAX_CONCURRENT_EXPORTS, DEFAULT_MAX_CONCURRENT_EXPORTS);
        if (maxInFlight < 1) {
            throw new ConfigurationException("Invalid value for property " + MAX_CONCURRENT_EXPORTS + "=" + maxInFlight
                    + ". Must be at least 1.");
        }
        if (maxInFlight == 1
                || !(exporter instanceof OtlpGrpcSpanExporter || exporter instanceof OtlpHttpSpanExporter)) {
            return exporter;
        }
        Duration timeout = config.getDuration("otel.bsp.export.timeout", DEFAULT_EXPORT_TIMEOUT);
        return new PipelinedSpanExporter(exporter, maxInFlight, timeout.toNanos());
    }

    private static Resource withServiceVersion(Resource resource, @Nullable String serviceVersion) {
        if (serviceVersion == null || resource.getAttribute(SERVICE_VERSION) != null) {
            return resource;
        }
        return resource.merge(Resource.create(Attributes.of(SERVICE_VERSION, serviceVersion)));
    }
}
