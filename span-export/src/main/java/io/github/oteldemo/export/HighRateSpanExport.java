package io.github.oteldemo.export;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Map;

/**
 * Batch span processing and OTLP export for a program that makes a span per request at load-test
 * rates: the app (a SERVER span per request) and the loader with {@code --otel} (a CLIENT span
 * per request), 20,000 to 50,000 spans a second on a small node.
 *
 * <p>The SDK's defaults (queue 2,048, batch 512, every 5 s, one export at a time) hold a tenth of
 * a second of that traffic and drop the rest: the loader with them delivered a third of its spans
 * at 46,000 requests a second (bench/locust-like-loader/run.sh). Here a batch of 1,024 spans
 * (about 380 KB of OTLP) leaves as soon as that many are queued, 25 to 50 exports a second, two
 * of them in flight at once ({@link PipelinedSpanExporter}); the queue of 32,768 spans rides out
 * a collector stall or GC pause of over half a second; and the 1 s delay sends light traffic
 * promptly. Every value is a default that the {@code OTEL_BSP_*} variables override.
 *
 * <p>Why 1,024 rather than larger batches: every span waiting in the queue or in an export is
 * live when the app's young generation is collected, and copying those small objects is what
 * lengthens the pauses. Through the chart's agent at 27,000-33,000 requests a second, batches of
 * 4,096 gave young pauses of 16.5 ms on average and a p99 of 19-20 ms; 1,024 gave 6.3 ms and
 * 13-14 ms, with the same throughput and no span lost over gRPC, http/protobuf or through the
 * gateway (bench/flask-app-port/run.sh, bench/pipeline/run.sh).
 */
public final class HighRateSpanExport {

    /**
     * {@code OTEL_BSP_MAX_CONCURRENT_EXPORTS}, our own setting (the SDK's processor has none): how
     * many OTLP span exports may be in flight at once. 1 is the SDK's own behaviour. Through the
     * chart's agent on two busy shared cores (bench/pipeline/run.sh), one at a time lost 5 % of
     * spans over gRPC at 40,700 requests a second and 14 % over http/protobuf at 27,700; two at a
     * time lost 1 % and 0.3 % at 22,000-25,000 under a heavier load.
     */
    public static final String MAX_CONCURRENT_EXPORTS = "otel.bsp.max.concurrent.exports";

    static final Map<String, String> BATCH_SPAN_PROCESSOR = Map.of(
            "otel.bsp.max.queue.size", "32768",
            "otel.bsp.max.export.batch.size", "1024",
            "otel.bsp.schedule.delay", "1000");

    private static final int DEFAULT_MAX_CONCURRENT_EXPORTS = 2;
    private static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(30);

    private HighRateSpanExport() {}

    /**
     * Adds the batch defaults and the pipelined OTLP span export to an autoconfigure builder.
     * Call it before adding the program's own property defaults, which then win over these.
     *
     * @param builder the program's autoconfigure builder
     * @return the same builder
     */
    public static AutoConfiguredOpenTelemetrySdkBuilder installOn(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        return builder.addPropertiesSupplier(() -> BATCH_SPAN_PROCESSOR)
                .addSpanExporterCustomizer(HighRateSpanExport::pipelined);
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
}
