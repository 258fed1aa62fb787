package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CHAOS_TARGET_PERCENT fails that share of requests with a status in 400..500. */
class ChaosTest {

    private static final int PERCENT = 30;
    private static final int REQUESTS = 3_000;

    private static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @RegisterExtension
    @Order(1)
    static final CloseAfterAll CLOSE_RECEIVER = new CloseAfterAll(RECEIVER);

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<FlaskAppConfiguration> APP = TestTelemetry.appExportingTo(
            RECEIVER, ConfigOverride.config("chaosTargetPercent", Integer.toString(PERCENT)));

    @Test
    void failsTheConfiguredShareWithStatusesFrom400To500AndMarks5xxSpansAsErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI hello = URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/");
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            int status = http.send(HttpRequest.newBuilder(hello).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            statuses.merge(status, 1, Integer::sum);
        }

        int failures = REQUESTS - statuses.getOrDefault(200, 0);
        // 30% of 3,000 is 900, with a standard deviation of 25: 780..1020 is beyond 4.5 sigma.
        assertThat(failures).isBetween(780, 1020);
        assertThat(statuses.keySet()).allMatch(status -> status == 200 || status >= 400 && status <= 500);
        // About 90 different statuses should appear, each about 9 times.
        assertThat(statuses).hasSizeGreaterThan(60);

        List<Span> spans = RECEIVER.awaitSpans(REQUESTS, Duration.ofSeconds(20));
        assertThat(spans).hasSize(REQUESTS);
        for (Span span : spans) {
            long status = OtlpAttributes.integer(span.getAttributesList(), "http.response.status_code");
            Status.StatusCode expected =
                    status >= 500 ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET;
            assertThat(span.getStatus().getCode())
                    .as("span status for HTTP %d", status)
                    .isEqualTo(expected);
        }
    }
}
