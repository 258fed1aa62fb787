package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.github.oteldemo.testing.prometheus.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The StatsD reporter, configured as {@code metrics.reporters: - type: statsd}, reporting every
 * second to the real statsd_exporter run as the chart's sidecar: what counts is what the exporter
 * serves on /metrics.
 */
class StatsdReporterTest {

    private static final int HELLOS = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String THREAD_POOL = "org.eclipse.jetty.util.thread.QueuedThreadPool.";

    @RegisterExtension
    @Order(1)
    static final StatsdExporter EXPORTER = new StatsdExporter();

    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<FlaskAppConfiguration> APP = new DropwizardAppExtension<>(
            FlaskAppApplication.class,
            ResourceHelpers.resourceFilePath("statsd-test-config.yml"),
            ConfigOverride.config("metrics.reporters[0].port", () -> Integer.toString(EXPORTER.udpPort())),
            ConfigOverride.config("otel.", "sdk.disabled", "true"));

    @Test
    void requestsReachPrometheusAsCountersAndTimerQuantiles() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < HELLOS; i++) {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText scrape = EXPORTER.scrape();
            assertThat(scrape.value("flask_app_http_requests_total")).hasValue((double) HELLOS);
            assertThat(scrape.value("flask_app_http_responses_total", Map.of("status_class", "2xx")))
                    .hasValue((double) HELLOS);
            assertThat(scrape.value("flask_app_http_requests_by_method_total", Map.of("method", "get")))
                    .hasValue((double) HELLOS);
        });
        PrometheusText scrape = EXPORTER.scrape();
        assertThat(scrape.types())
                .containsEntry("flask_app_http_requests_total", "counter")
                .containsEntry("flask_app_http_responses_total", "counter");
        // Jetty times requests in whole milliseconds, so a fast hello is often 0 s.
        assertThat(scrape.value("flask_app_http_request_duration_seconds", Map.of("quantile", "0.99")))
                .hasValueSatisfying(
                        seconds -> assertThat(seconds).isGreaterThanOrEqualTo(0).isLessThan(5));
        assertThat(scrape.value("flask_app_http_active_requests")).isPresent();
        assertThat(scrape.value("flask_app_jetty_threadpool_threads", Map.of("pool", "dw")))
                .hasValueSatisfying(threads -> assertThat(threads).isPositive());
        assertThat(scrape.value("flask_app_jetty_threadpool_utilization_ratio", Map.of("pool", "dw")))
                .isPresent();
        // The ratio is NaN, and not sent, until the request rate's first tick (5 s).
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(EXPORTER.scrape()
                                .value("flask_app_http_responses_ratio", Map.of("status_class", "5xx", "window", "1m")))
                        .hasValue(0.0));
        assertThat(scrape.startingWith("flask_app"))
                .as("a status class is not a status code")
                .noneSatisfy(sample -> assertThat(sample.labels()).containsKey("code"));
        assertNothingMisread(scrape);
    }

    @Test
    void aNegativeGaugeIsSetNotSubtracted() {
        MetricRegistry registry = APP.getEnvironment().metrics();
        AtomicInteger reports = new AtomicInteger();
        // Gauges are reported in name order: below-zero goes out before report-cycles.
        registry.register(THREAD_POOL + "below-zero.jobs", (Gauge<Integer>) () -> -3);
        registry.register(THREAD_POOL + "report-cycles.size", (Gauge<Integer>) reports::incrementAndGet);
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(EXPORTER.scrape()
                                    .value("flask_app_jetty_threadpool_threads", Map.of("pool", "report-cycles")))
                            .hasValueSatisfying(cycles -> assertThat(cycles).isGreaterThanOrEqualTo(4)));

            assertThat(EXPORTER.scrape().value("flask_app_jetty_threadpool_jobs", Map.of("pool", "below-zero")))
                    .as("after four reports of -3")
                    .hasValue(-3.0);
        } finally {
            registry.remove(THREAD_POOL + "below-zero.jobs");
            registry.remove(THREAD_POOL + "report-cycles.size");
        }
    }

    @Test
    void aThreadPoolUtilizationReadBelowZeroArrivesAsZero() {
        MetricRegistry registry = APP.getEnvironment().metrics();
        // What Jetty's unlocked counters gave in the pipeline test: one utilized thread too few.
        registry.register(THREAD_POOL + "torn.utilization", (Gauge<Double>) () -> -1.0 / 3);
        registry.register(THREAD_POOL + "torn.utilization-max", (Gauge<Double>) () -> -1.0 / 511);
        try {
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(EXPORTER.scrape()
                                .value("flask_app_jetty_threadpool_utilization_ratio", Map.of("pool", "torn")))
                        .hasValue(0.0);
                assertThat(EXPORTER.scrape()
                                .value("flask_app_jetty_threadpool_utilization_max_ratio", Map.of("pool", "torn")))
                        .hasValue(0.0);
            });
        } finally {
            registry.remove(THREAD_POOL + "torn.utilization");
            registry.remove(THREAD_POOL + "torn.utilization-max");
        }
    }

    @Test
    void aNameWithTagDelimitersIsEscaped() {
        MetricRegistry registry = APP.getEnvironment().metrics();
        // Unescaped, statsd_exporter would read [x] as SignalFx tags and ",name..." as InfluxDB ones.
        String odd = THREAD_POOL + "odd,name[x]y.size";
        registry.register(odd, (Gauge<Integer>) () -> 7);
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(EXPORTER.scrape()
                                    .value("flask_app_jetty_threadpool_threads", Map.of("pool", "odd_name_x_y")))
                            .hasValue(7.0));
            assertNothingMisread(EXPORTER.scrape());
        } finally {
            registry.remove(odd);
        }
    }

    /**
     * Every line was read as sent: no parse errors, and nothing reached Prometheus outside the
     * {@code flask_app} prefix that the agent's filter keeps.
     */
    static void assertNothingMisread(PrometheusText scrape) {
        assertThat(scrape.named("statsd_exporter_sample_errors_total"))
                .as("sample errors")
                .allSatisfy(errors -> assertThat(errors.value())
                        .as(errors.labels().toString())
                        .isZero());
        assertThat(scrape.value("statsd_exporter_tag_errors_total"))
                .as("tag errors")
                .hasValue(0.0);
        assertThat(scrape.value("statsd_exporter_events_unmapped_total"))
                .as("unmapped events")
                .hasValue(0.0);
        assertThat(scrape.samples())
                .filteredOn(s -> !s.name().matches("(statsd_exporter|statsd_metric_mapper|go|process|promhttp)_.*"))
                .allSatisfy(s -> assertThat(s.name()).startsWith("flask_app_"));
    }
}
