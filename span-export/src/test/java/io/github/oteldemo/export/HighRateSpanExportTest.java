package io.github.oteldemo.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a program's SDK gets from {@link HighRateSpanExport#installOn}, read back from the built SDK. */
class HighRateSpanExportTest {

    @Test
    void theBatchDefaultsAndTwoExportsInFlightReachTheSdk() {
        String tracerProvider = tracerProvider(Map.of());

        assertThat(tracerProvider)
                .contains("maxExportBatchSize=1024")
                .contains("scheduleDelayNanos=1000000000")
                .contains("PipelinedSpanExporter{OtlpGrpcSpanExporter")
                .contains("slots=2");
    }

    @Test
    void theProgramsOwnSettingsWinOverTheDefaults() {
        String tracerProvider = tracerProvider(
                Map.of("otel.bsp.max.export.batch.size", "512", HighRateSpanExport.MAX_CONCURRENT_EXPORTS, "1"));

        assertThat(tracerProvider).contains("maxExportBatchSize=512").doesNotContain("PipelinedSpanExporter");
    }

    /** The tracer provider an autoconfigured SDK gets, as its {@code toString} describes it. */
    private static String tracerProvider(Map<String, String> programSettings) {
        Map<String, String> settings = new HashMap<>(programSettings);
        settings.put("otel.exporter.otlp.protocol", "grpc");
        settings.put("otel.metrics.exporter", "none");
        settings.put("otel.logs.exporter", "none");
        OpenTelemetrySdk sdk = HighRateSpanExport.installOn(AutoConfiguredOpenTelemetrySdk.builder())
                .addPropertiesSupplier(() -> settings)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        try {
            return sdk.getSdkTracerProvider().toString();
        } finally {
            sdk.close();
        }
    }
}
