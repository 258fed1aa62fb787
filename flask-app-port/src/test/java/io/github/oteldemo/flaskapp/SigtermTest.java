package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.testing.otlp.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: the app stops serving, flushes what telemetry it holds and exits 0. */
class SigtermTest {

    private static final Pattern APPLICATION_PORT = Pattern.compile("Started application@.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void exitsZeroAfterFlushingSpansAndMetrics(@TempDir Path directory) throws Exception {
        Path config = Files.writeString(directory.resolve("config.yml"), """
                server:
                  applicationConnectors:
                    - type: http
                      bindHost: 127.0.0.1
                      port: 0
                  adminConnectors:
                    - type: http
                      bindHost: 127.0.0.1
                      port: 0
                  requestLog:
                    appenders: []
                """);
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildApp app = ChildApp.start(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.grpcEndpoint(),
                        // Nothing would leave before the test ends but for the shutdown flush.
                        "OTEL_BSP_SCHEDULE_DELAY", "600000",
                        "OTEL_METRIC_EXPORT_INTERVAL", "600000"), "server", config.toString())) {
            int port = awaitApplicationPort(app);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("Hello World!");
            assertThat(receiver.spans()).isEmpty();

            app.terminate();

            assertThat(app.awaitExit(PATIENCE)).as("exit status; stderr: %s", app.stderr()).isZero();
            assertThat(receiver.spans()).singleElement().satisfies(span -> assertThat(span.getName()).isEqualTo("GET /"));
            assertThat(receiver.metrics("flask_app_hello_requests")).isNotEmpty();
        }
    }

    private static int awaitApplicationPort(ChildApp app) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher started = APPLICATION_PORT.matcher(app.stdout());
            if (started.find()) {
                return Integer.parseInt(started.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the app did not start; stdout: " + app.stdout() + " stderr: " + app.stderr());
    }
}
