package io.github.oteldemo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelinedSpanExporterTest {

    /** Records each export and answers it only when the test says so. */
    private static final class HeldExporter implements SpanExporter {
        final List<List<SpanData>> batches = new CopyOnWriteArrayList<>();
        final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();
        final CompletableResultCode shutdown = new CompletableResultCode();
        volatile boolean shutdownCalled;

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            batches.add(List.copyOf(spans));
            CompletableResultCode result = new CompletableResultCode();
            results.add(result);
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            shutdownCalled = true;
            return shutdown;
        }
    }

    private static SpanData span(String name) {
        return TestSpanData.builder()
                .setName(name)
                .setKind(SpanKind.SERVER)
                .setStartEpochNanos(1)
                .setEndEpochNanos(2)
                .setHasEnded(true)
                .setStatus(StatusData.unset())
                .build();
    }

    @Test
    void handsOverUpToTheLimitWithoutWaitingForTheAnswers() {
        HeldExporter held = new HeldExporter();
        PipelinedSpanExporter exporter = new PipelinedSpanExporter(held, 2, TimeUnit.SECONDS.toNanos(30));

        assertThat(exporter.export(List.of(span("a"))).isSuccess()).isTrue();
        assertThat(exporter.export(List.of(span("b"))).isSuccess()).isTrue();

        assertThat(held.batches).hasSize(2);
        assertThat(held.results).noneMatch(CompletableResultCode::isDone);
    }

    @Test
    void aFullPipelineFailsTheExportOnceTheTimeoutPassesAndAFinishedExportFreesItsSlot() {
        HeldExporter held = new HeldExporter();
        PipelinedSpanExporter exporter = new PipelinedSpanExporter(held, 1, 0);

        exporter.export(List.of(span("a")));
        assertThat(exporter.export(List.of(span("b"))).isSuccess()).isFalse();
        assertThat(held.batches).hasSize(1);

        held.results.get(0).fail();
        assertThat(exporter.export(List.of(span("c"))).isSuccess()).isTrue();
        assertThat(held.batches).extracting(batch -> batch.get(0).getName()).containsExactly("a", "c");
    }

    @Test
    void theBatchIsCopiedBecauseTheProcessorClearsItsListAfterExport() {
        HeldExporter held = new HeldExporter();
        PipelinedSpanExporter exporter = new PipelinedSpanExporter(held, 2, 0);
        List<SpanData> processorList = new ArrayList<>(List.of(span("a"), span("b")));

        exporter.export(processorList);
        processorList.clear();

        assertThat(held.batches.get(0)).extracting(SpanData::getName).containsExactly("a", "b");
    }

    @Test
    void flushAndShutdownWaitForTheExportsInFlight() {
        HeldExporter held = new HeldExporter();
        PipelinedSpanExporter exporter = new PipelinedSpanExporter(held, 2, 0);
        exporter.export(List.of(span("a")));
        exporter.export(List.of(span("b")));

        CompletableResultCode flush = exporter.flush();
        CompletableResultCode shutdown = exporter.shutdown();
        held.results.get(0).succeed();
        assertThat(flush.isDone()).isFalse();
        assertThat(held.shutdownCalled).isFalse();

        held.results.get(1).succeed();
        assertThat(flush.isSuccess()).isTrue();
        assertThat(held.shutdownCalled).isTrue();
        assertThat(shutdown.isDone()).isFalse();
        held.shutdown.succeed();
        assertThat(shutdown.isSuccess()).isTrue();
    }

    @Test
    void onlyOtlpExportersArePipelinedAndOneMeansTheSdksOwnBehaviour() {
        SpanExporter otlp = OtlpGrpcSpanExporter.getDefault();
        SpanExporter console = LoggingSpanExporter.create();
        try {
            assertThat(HighRateSpanExport.pipelined(otlp, config(Map.of()))).isInstanceOf(PipelinedSpanExporter.class);
            assertThat(HighRateSpanExport.pipelined(console, config(Map.of()))).isSameAs(console);
            assertThat(HighRateSpanExport.pipelined(
                            otlp, config(Map.of(HighRateSpanExport.MAX_CONCURRENT_EXPORTS, "1"))))
                    .isSameAs(otlp);
            assertThatThrownBy(() -> HighRateSpanExport.pipelined(
                            otlp, config(Map.of(HighRateSpanExport.MAX_CONCURRENT_EXPORTS, "0"))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(HighRateSpanExport.MAX_CONCURRENT_EXPORTS);
        } finally {
            otlp.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static DefaultConfigProperties config(Map<String, String> properties) {
        return DefaultConfigProperties.createFromMap(properties);
    }
}
