package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.grpc.Status;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A collector that refuses and stalls never slows or fails a request, and what cannot be held is
 * dropped and counted. The bounds are generous: this is about not blocking, not about speed.
 */
class CollectorDownTest {

    private static final int REQUESTS = 500;
    private static final int QUEUE = 50;

    private static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @RegisterExtension
    @Order(1)
    static final CloseAfterAll CLOSE_RECEIVER = new CloseAfterAll(RECEIVER);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<FlaskAppConfiguration> APP = TestTelemetry.appExportingTo(
            RECEIVER,
            ConfigOverride.config("otel.", "bsp.max.queue.size", Integer.toString(QUEUE)),
            ConfigOverride.config("otel.", "bsp.max.export.batch.size", "10"));

    @Test
    void requestsStayFastWhileTheCollectorRefusesAndStallsAndDroppedSpansAreCounted() throws Exception {
        RECEIVER.respondWith(Status.Code.UNAVAILABLE, 503);
        RECEIVER.delayResponses(Duration.ofSeconds(2));
        HttpClient http = HttpClient.newHttpClient();
        URI hello = URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/");

        long slowestNanos = 0;
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            long before = System.nanoTime();
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(hello).build(), HttpResponse.BodyHandlers.ofString());
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - before);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        Duration total = Duration.ofNanos(System.nanoTime() - started);

        // Each export waits 2 s for its refusal: a request waiting on one would take that long.
        assertThat(Duration.ofNanos(slowestNanos)).isLessThan(Duration.ofSeconds(1));
        assertThat(total).isLessThan(Duration.ofSeconds(30));

        RECEIVER.delayResponses(Duration.ZERO);
        RECEIVER.respondWith(Status.Code.OK, 200);
        // A queue of 50 cannot hold 500 spans: the processor's own counter says how many it dropped.
        RECEIVER.awaitMetric("processedSpans", CollectorDownTest::countsDrops, Duration.ofSeconds(15));
    }

    private static boolean countsDrops(Metric metric) {
        return metric.getSum().getDataPointsList().stream()
                .anyMatch(
                        point -> OtlpAttributes.asMap(point.getAttributesList()).get("dropped") == Boolean.TRUE
                                && point.getAsInt() > 0);
    }
}
