package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.testing.prometheus.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropwizard's JVM metric set, which only the real {@code main} registers, reported every second
 * by the app in its own JVM to the real statsd_exporter run as the chart's sidecar. The app's own
 * admin {@code /metrics} says what the registry holds; the exporter must serve the same, in
 * Prometheus units and types. The app runs with the variables a Datadog admission webhook
 * injects, which the StatsD client turns into DogStatsD tags on every line.
 */
class StatsdJvmSeriesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern GC = Pattern.compile("jvm\\.gc\\.([^.]+)\\.(count|time)");
    private static final String CONFIG = ChildApp.LOOPBACK_SERVER + """
            metrics:
              reporters:
                - type: statsd
                  host: 127.0.0.1
                  port: %d
                  prefix: flask_app
                  frequency: 1s
            """;

    @RegisterExtension
    static final StatsdExporter EXPORTER = new StatsdExporter();

    @TempDir
    static Path directory;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChildApp app;
    private static long startedNanos;
    private static int adminPort;

    @BeforeAll
    static void startApp() throws Exception {
        Path config = Files.writeString(directory.resolve("config.yml"), CONFIG.formatted(EXPORTER.udpPort()));
        startedNanos = System.nanoTime();
        app = ChildApp.start(
                Map.of(
                        "OTEL_SDK_DISABLED",
                        "true",
                        "DD_ENV",
                        "prod",
                        "DD_SERVICE",
                        "flask-app",
                        "DD_VERSION",
                        "1.2.3",
                        "DD_ENTITY_ID",
                        "0b0e7f3c-pod-uid"),
                "server",
                config.toString());
        adminPort = app.awaitPort("admin", PATIENCE);
    }

    @AfterAll
    static void stopApp() throws IOException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void collectorTotalsAreCountersInSecondsEqualToTheRegistry() throws Exception {
        // A collection whose time the JVM measures in whole milliseconds may take 0 ms.
        await().atMost(PATIENCE).until(() -> {
            post("/tasks/gc");
            return registryGauges(GC.pattern()).entrySet().stream()
                    .anyMatch(gauge -> gauge.getKey().endsWith(".time") && gauge.getValue() > 0);
        });

        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText scrape = EXPORTER.scrape();
            Map<String, Double> registry = registryGauges(GC.pattern());
            assertThat(registry).isNotEmpty();
            registry.forEach((name, value) -> {
                Matcher gc = GC.matcher(name);
                assertThat(gc.matches()).isTrue();
                Map<String, String> labels = Map.of("gc", gc.group(1));
                if (gc.group(2).equals("count")) {
                    assertThat(scrape.value("flask_app_jvm_gc_collections_total", labels))
                            .as(name)
                            .hasValue(value);
                } else {
                    assertThat(scrape.value("flask_app_jvm_gc_time_seconds_total", labels))
                            .as(name)
                            .hasValueSatisfying(seconds -> assertThat(seconds).isCloseTo(value / 1000, within(1e-9)));
                }
            });
        });
        PrometheusText scrape = EXPORTER.scrape();
        assertThat(scrape.types())
                .containsEntry("flask_app_jvm_gc_collections_total", "counter")
                .containsEntry("flask_app_jvm_gc_time_seconds_total", "counter");
        StatsdReporterTest.assertNothingMisread(scrape);
    }

    @Test
    void classesLoadedAndUnloadedAreCountersEqualToTheRegistry() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText scrape = EXPORTER.scrape();
            Map<String, Double> registry = registryGauges("jvm\\.classloader\\.(loaded|unloaded)");
            assertThat(registry.get("jvm.classloader.loaded")).isGreaterThan(1000);
            assertThat(scrape.value("flask_app_jvm_classes_loaded_total"))
                    .hasValue(registry.get("jvm.classloader.loaded"));
            assertThat(scrape.value("flask_app_jvm_classes_unloaded_total"))
                    .hasValue(registry.get("jvm.classloader.unloaded"));
        });
        PrometheusText scrape = EXPORTER.scrape();
        assertThat(scrape.types())
                .containsEntry("flask_app_jvm_classes_loaded_total", "counter")
                .containsEntry("flask_app_jvm_classes_unloaded_total", "counter");
        assertThat(scrape.named("flask_app_jvm_classes_loaded")).isEmpty();
    }

    @Test
    void memorySizesStayPutAcrossReportsAndUndefinedOnesAreLeftOut() throws Exception {
        // A report's uptime line goes out before its memory lines (the reporter sorts by name), so
        // the report before the one that moves the uptime on has fully arrived.
        double firstUptime =
                await().atMost(PATIENCE).until(() -> reportedUptime(EXPORTER.scrape()), uptime -> uptime > 0);
        PrometheusText before =
                await().atMost(PATIENCE).until(EXPORTER::scrape, scrape -> reportedUptime(scrape) > firstUptime);
        PrometheusText after = await().atMost(PATIENCE)
                .until(EXPORTER::scrape, scrape -> reportedUptime(scrape) >= reportedUptime(before) + 4);

        for (String size : List.of("max", "init")) {
            for (String name : List.of(
                    "flask_app_jvm_memory_" + size + "_bytes", "flask_app_jvm_memory_pool_" + size + "_bytes")) {
                assertThat(after.named(name))
                        .as("%s four reports later", name)
                        .containsExactlyInAnyOrderElementsOf(before.named(name));
            }
        }
        Map<String, Double> registry = registryGauges("jvm\\.memory\\.(heap|non-heap|pools\\..+)\\.max");
        assertThat(registry).containsKey("jvm.memory.heap.max");
        registry.forEach((name, max) -> {
            Optional<Double> exported = name.startsWith("jvm.memory.pools.")
                    ? after.value(
                            "flask_app_jvm_memory_pool_max_bytes",
                            Map.of(
                                    "pool",
                                    name.substring("jvm.memory.pools.".length(), name.length() - ".max".length())))
                    : after.value(
                            "flask_app_jvm_memory_max_bytes",
                            Map.of("area", name.substring("jvm.memory.".length(), name.length() - ".max".length())));
            if (max < 0) {
                assertThat(exported).as("%s is undefined (%s)", name, max).isEmpty();
            } else {
                assertThat(exported).as(name).hasValue(max);
            }
        });
        assertThat(after.value("flask_app_jvm_memory_used_bytes", Map.of("area", "heap")))
                .isPresent();
        assertThat(after.value("flask_app_jvm_memory_used_bytes", Map.of("area", "non-heap")))
                .isPresent();
        assertThat(after.startingWith("flask_app"))
                .as("no area that sum() would count twice")
                .noneSatisfy(sample -> assertThat(sample.labels()).containsEntry("area", "total"));
        assertThat(after.startingWith("flask_app"))
                .as("nothing in the JVM set is negative")
                .allSatisfy(sample ->
                        assertThat(sample.value()).as(sample.toString()).isNotNegative());
        StatsdReporterTest.assertNothingMisread(after);
    }

    @Test
    void datadogTagsAddNoLabels() {
        PrometheusText scrape = await().atMost(PATIENCE).until(EXPORTER::scrape, s -> reportedUptime(s) > 0);
        assertThat(scrape.value("flask_app_jvm_uptime_seconds", Map.of()))
                .as("the series without labels")
                .isPresent();
        assertThat(scrape.startingWith("flask_app"))
                .isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.labels())
                        .as(sample.name())
                        .doesNotContainKeys("env", "service", "version", "dd_internal_entity_id"));
    }

    @Test
    void uptimeIsInSeconds() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            double secondsSinceLaunch = (System.nanoTime() - startedNanos) / 1e9;
            assertThat(EXPORTER.scrape().value("flask_app_jvm_uptime_seconds"))
                    .hasValueSatisfying(
                            uptime -> assertThat(uptime).isPositive().isLessThanOrEqualTo(secondsSinceLaunch));
        });
    }

    /** The uptime of the last report (0 before the first): it grows by a second at each. */
    private static double reportedUptime(PrometheusText scrape) {
        return scrape.value("flask_app_jvm_uptime_seconds").orElse(0.0);
    }

    /** The registry's numeric gauges whose names match, as the app's admin /metrics shows them. */
    private static Map<String, Double> registryGauges(String names) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(admin("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode gauges = new ObjectMapper().readTree(response.body()).path("gauges");
        Map<String, Double> matching = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = gauges.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> gauge = it.next();
            if (gauge.getKey().matches(names) && gauge.getValue().path("value").isNumber()) {
                matching.put(gauge.getKey(), gauge.getValue().path("value").asDouble());
            }
        }
        return matching;
    }

    private static void post(String path) throws IOException, InterruptedException {
        HttpResponse<Void> response = HTTP.send(
                HttpRequest.newBuilder(admin(path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as("POST %s", path).isEqualTo(200);
    }

    private static URI admin(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }
}
