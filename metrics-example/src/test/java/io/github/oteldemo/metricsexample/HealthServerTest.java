package io.github.oteldemo.metricsexample;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe answers from the real schedule's state. */
class HealthServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void liveWhileTheScheduleRunsAndNotOnceItStops() throws Exception {
        try (SdkMeterProvider meters = SdkMeterProvider.builder().build()) {
            IncrementSchedule schedule = new IncrementSchedule(
                    new CustomMetric(meters.get("test"), "test"), Duration.ofMillis(50), Duration.ofMinutes(1));
            schedule.start();
            try (HealthServer health = HealthServer.start("127.0.0.1", 0, schedule::isLive)) {
                String url = "http://127.0.0.1:" + health.address().getPort() + "/healthz";

                HttpResponse<String> live = get(url);
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.body()).isEqualTo("ok\n");

                schedule.stop();
                HttpResponse<String> stalled = get(url);
                assertThat(stalled.statusCode()).isEqualTo(503);
                assertThat(stalled.body()).isEqualTo("increments have stalled\n");
            } finally {
                schedule.stop();
            }
        }
    }

    @Test
    void headIsAnsweredWithoutABody() throws Exception {
        try (HealthServer health = HealthServer.start("127.0.0.1", 0, () -> true)) {
            HttpResponse<String> head = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + health.address().getPort() + "/healthz"))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
