package io.github.oteldemo.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A headless standalone run of the real loader with {@code --otel}, exporting to a real OTLP
 * receiver: its requests' spans and, as Locust's standalone run does, {@code locust.users.count}.
 */
class OtelRunTest {

    /** The SDK's autoconfigure reads system properties as it reads OTEL_* variables. */
    private static final Map<String, String> OTEL_PROPERTIES = Map.of(
            "otel.exporter.otlp.protocol",
            "grpc",
            "otel.logs.exporter",
            "none",
            "otel.bsp.schedule.delay",
            "100",
            "otel.metric.export.interval",
            "300");

    @Test
    void aStandaloneRunExportsItsSpansAndItsUsersPerClass() throws Exception {
        try (TargetServer target = new TargetServer();
                OtlpReceiver receiver = OtlpReceiver.start()) {
            OTEL_PROPERTIES.forEach(System::setProperty);
            System.setProperty("otel.exporter.otlp.endpoint", receiver.grpcEndpoint());
            LoaderRun run;
            try {
                run = LoaderRun.of("--headless", "--otel", "-H", target.url(), "-u", "2", "-r", "100", "-t", "2s");
            } finally {
                OTEL_PROPERTIES.keySet().forEach(System::clearProperty);
                System.clearProperty("otel.exporter.otlp.endpoint");
            }

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(receiver.awaitSpans(1, Duration.ofSeconds(10)))
                    .allSatisfy(span -> assertThat(span.getName()).isEqualTo("GET /"));
            // Read every 300 ms during the run: once both users run, both are counted.
            receiver.awaitMetric(
                    "locust.users.count",
                    m -> m.getGauge().getDataPointsList().stream()
                            .anyMatch(point -> point.getAsInt() == 2
                                    && "WebsiteUser"
                                            .equals(OtlpAttributes.string(point.getAttributesList(), "user_class"))),
                    Duration.ofSeconds(10));
        }
    }
}
