package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: the app stops accepting, finishes requests in flight, flushes its telemetry, exits 0. */
class SigtermTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private static final String CONFIG = ChildApp.LOOPBACK_SERVER;

    @Test
    void exitsZeroAfterFlushingSpansAndMetrics(@TempDir Path directory) throws Exception {
        Path config = Files.writeString(directory.resolve("config.yml"), CONFIG);
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildApp app = ChildApp.start(
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.grpcEndpoint(),
                                // Nothing would leave before the test ends but for the shutdown flush.
                                "OTEL_BSP_SCHEDULE_DELAY", "600000",
                                "OTEL_METRIC_EXPORT_INTERVAL", "600000"),
                        "server",
                        config.toString())) {
            int port = app.awaitPort("application", PATIENCE);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("Hello World!");
            assertThat(receiver.spans()).isEmpty();

            app.terminate();

            assertThat(app.awaitExit(PATIENCE))
                    .as("exit status; stderr: %s", app.stderr())
                    .isZero();
            assertThat(receiver.spans())
                    .singleElement()
                    .satisfies(span -> assertThat(span.getName()).isEqualTo("GET /"));
            assertThat(receiver.metrics("flask_app_hello_requests")).isNotEmpty();
        }
    }

    @Test
    void aRequestInFlightFinishesBeforeTheExit(@TempDir Path directory) throws Exception {
        Path config = Files.writeString(directory.resolve("config.yml"), CONFIG);
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildApp app = ChildApp.start(
                        SlowRequestApp.class,
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.grpcEndpoint()),
                        "server",
                        config.toString())) {
            int port = app.awaitPort("application", PATIENCE);
            CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            awaitOutput(app, SlowRequestApp.SLOW_REQUEST_STARTED);

            app.terminate();

            HttpResponse<String> response = inFlight.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(SlowRequestApp.SLOW_ANSWER);
            assertThat(app.awaitExit(PATIENCE))
                    .as("exit status; stderr: %s", app.stderr())
                    .isZero();
            assertThat(receiver.spans())
                    .singleElement()
                    .satisfies(span -> assertThat(OtlpAttributes.string(span.getAttributesList(), "url.path"))
                            .isEqualTo("/slow"));
        }
    }

    private static void awaitOutput(ChildApp app, String line) {
        await().atMost(PATIENCE)
                .pollInterval(POLL)
                .untilAsserted(
                        () -> assertThat(app.stdout()).as("the app's stdout").contains(line));
    }
}
