package io.github.oteldemo.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.systemtest.Received.Point;
import io.github.oteldemo.systemtest.Received.ServiceSpan;
import io.github.oteldemo.testing.peers.Otelcol;
import io.github.oteldemo.testing.peers.Peers;
import io.github.oteldemo.testing.prometheus.PrometheusText;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as real processes: the app, its statsd_exporter with the chart's mapping,
 * metrics-example, the loader, and the agent and gateway collectors running the configurations
 * rendered from the chart (see {@link Topology} and scripts/pipeline/local-values.yaml for what differs from a
 * cluster). Every assertion is on what reaches the end of the pipeline. The methods run in order:
 * the first ones check a clean run, the later ones break a part under load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    static final String APP_SERVICE = "flask-app-tutorial";
    /** The agent's filter/demo-metrics allow list (charts/otel-demo/values.yaml). */
    static final Pattern ALLOWED =
            Pattern.compile("^(otelcol_.*|flask_app.*|custom_metric_example|locust_.*|http[.]server[.].*|jvm[.].*)$");

    static final Duration FLUSH = Duration.ofSeconds(60);
    static final Duration OUTAGE = Duration.ofSeconds(10);

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final ObjectMapper json = new ObjectMapper();

    Topology topology;
    Received received;
    Backends backends;

    @BeforeAll
    void startThePipeline(@TempDir Path dir) throws IOException {
        Peers.require("otelcol");
        Peers.require("statsd_exporter");
        Peers.require("jaeger");
        Peers.require("prometheus");
        topology = new Topology(dir);
        received = new Received(topology.receiver);
        topology.start();
        backends = new Backends(topology, http, json);
        await("the app, the collectors and the load to be up")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast(
                        "a process exited",
                        () -> !topology.app.isAlive()
                                || !topology.agent.isAlive()
                                || !topology.gateway.isAlive()
                                || !topology.loader.isAlive()
                                || !topology.jaeger.isAlive()
                                || !topology.prometheus.isAlive())
                .untilAsserted(() -> assertThat(loaderRequests()).isPositive());
    }

    @AfterAll
    void stopThePipeline() {
        if (topology != null) {
            System.out.println("pipeline logs:" + topology.logs());
            topology.close();
        }
    }

    // The backends first, while the light load runs and every program reports.

    @Test
    @Order(1)
    void jaegerReturnsTheAppsTraces() {
        await("traces of " + APP_SERVICE + " in Jaeger")
                .atMost(FLUSH)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(backends.traces(APP_SERVICE)).isNotEmpty());
        JsonNode trace = backends.traces(APP_SERVICE).get(0);
        assertThat(trace.findValues("operationName"))
                .extracting(JsonNode::asText)
                .anyMatch(name -> name.startsWith("GET"));
        assertThat(trace.findValues("serviceName")).extracting(JsonNode::asText).contains(APP_SERVICE);
    }

    @Test
    @Order(2)
    void prometheusHoldsEveryMetricTheDashboardsUseAndEveryPanelQueryReturnsData() {
        List<Backends.PanelQuery> queries = backends.dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(20);
        long start = System.nanoTime();
        await("every dashboard query to return data")
                .atMost(FLUSH)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(backends.withoutData(queries))
                        .as("queries without data; Prometheus has: %s", backends.metricNames())
                        .isEmpty());
        System.out.printf(
                "pipeline: %d dashboard queries returned data after %.1f s%n",
                queries.size(), (System.nanoTime() - start) / 1e9);
        // Every metric a query names exists as such, except in the queries that fall back to 0
        // ("or vector(0)"): failure and drop counters, which a collector creates at the first
        // failure, and the error statuses a run without chaos never answers.
        List<Backends.PanelQuery> plain =
                queries.stream().filter(q -> !q.expr().contains("or vector(0)")).toList();
        assertThat(plain).hasSizeGreaterThan(queries.size() / 2);
        assertThat(backends.metricNames()).containsAll(Backends.metricsNamedBy(plain));
    }

    @Test
    @Order(3)
    void theLatencyExemplarsLeadToTracesInJaeger() {
        await("exemplars of http_server_request_duration_seconds")
                .atMost(FLUSH)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(backends.exemplarTraceIds("http_server_request_duration_seconds_bucket"))
                                .isNotEmpty());
        List<String> traceIds = backends.exemplarTraceIds("http_server_request_duration_seconds_bucket");
        await("an exemplar's trace in Jaeger")
                .atMost(FLUSH)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(traceIds)
                        .anySatisfy(id -> assertThat(backends.trace(id)).isNotNull()));
    }

    @Test
    @Order(4)
    void everyServedRequestArrivesAsOneServerSpanWithTheChartsResourceAttributes() {
        sleep(Duration.ofSeconds(10));
        stopLoadAndAwaitSpans();
        List<ServiceSpan> spans = received.spansOf(APP_SERVICE);
        assertThat(spans).allSatisfy(s -> assertThat(s.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER));
        assertThat(spans.get(0).resource())
                .as("OTEL_RESOURCE_ATTRIBUTES from the chart")
                .containsEntry("k8s.pod.name", Topology.APP_POD)
                .containsEntry("k8s.namespace.name", "otel-demo")
                .containsEntry("k8s.node.name", Topology.NODE)
                .containsEntry("k8s.container.name", "flask-app")
                .containsKey("deployment.environment.name");
    }

    @Test
    @Order(5)
    void theHelloCounterEqualsTheRequestsToSlash() {
        long served = served();
        await("flask_app_hello_requests = " + served)
                .atMost(FLUSH)
                .untilAsserted(() ->
                        assertThat(received.latest("flask_app_hello_requests")).isEqualTo((double) served));
    }

    @Test
    @Order(6)
    void theCustomMetricGrowsByOneEachInterval() {
        await("five values of custom_metric_example")
                .atMost(FLUSH)
                .until(() -> firstSeen("custom_metric_example").size() >= 5);
        Map<Double, Long> firstSeen = firstSeen("custom_metric_example");
        List<Double> values = new ArrayList<>(firstSeen.keySet());
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i) - values.get(i - 1))
                    .as("step %d of %s", i, values)
                    .isEqualTo(1.0);
        }
        // pipeline-values.yaml: one increment every 3 s, exported every second.
        double seconds = (firstSeen.get(values.get(values.size() - 1)) - firstSeen.get(values.get(1))) / 1e9;
        assertThat(seconds / (values.size() - 2)).as("seconds per increment").isBetween(2.0, 4.0);
    }

    /** Each value the metric took, with the time of the first point that carried it. */
    private Map<Double, Long> firstSeen(String metric) {
        Map<Double, Long> first = new java.util.TreeMap<>();
        received.points(metric).forEach(point -> first.merge(point.value(), point.timeUnixNano(), Math::min));
        return first;
    }

    @Test
    @Order(7)
    void statsdSeriesArriveUnderTheMappingsNamesCountingEveryRequest() {
        long served = served();
        await("the statsd request counter = " + served)
                .atMost(FLUSH)
                .untilAsserted(() -> assertThat(received.latest("flask_app_http_requests_total"))
                        .isEqualTo((double) served));
        // The prometheus receiver leaves cumulative points without a start; metric_start_time sets it.
        assertThat(received.points("flask_app_http_requests_total"))
                .allSatisfy(p -> assertThat(p.startTimeUnixNano())
                        .as("start time of %s", p)
                        .isPositive()
                        .isLessThanOrEqualTo(p.timeUnixNano()));
        List<Point> statsd = received.pointsStartingWith("flask_app_");
        assertThat(statsd).as("statsd-derived points").isNotEmpty();
        // flask_app_hello_requests shares the prefix but comes over OTLP; the scrape job names the rest.
        List<Point> scraped = statsd.stream()
                .filter(p -> "otel-demo-pods".equals(p.resource().get("service.name")))
                .toList();
        assertThat(scraped)
                .as("statsd-derived points name their pod on the resource, not in the point")
                .isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.resource())
                            .containsEntry("k8s.namespace.name", "otel-demo")
                            .containsEntry("k8s.pod.name", Topology.APP_POD)
                            .containsEntry("k8s.container.name", "statsd-exporter")
                            .doesNotContainKeys("namespace", "pod", "container");
                    assertThat(p.attributes())
                            .doesNotContainKeys(
                                    "namespace",
                                    "pod",
                                    "container",
                                    "k8s.namespace.name",
                                    "k8s.pod.name",
                                    "k8s.container.name");
                });
        assertThat(statsd.stream()
                        .filter(p -> p.value() < 0)
                        .map(Point::toString)
                        .toList())
                .as("negative values")
                .isEmpty();
        Map<String, Set<Double>> maxima = statsd.stream()
                .filter(p -> p.metric().matches("flask_app_jvm_memory(_pool)?_max_bytes"))
                .collect(Collectors.groupingBy(
                        p -> p.metric() + p.attributes(), Collectors.mapping(Point::value, Collectors.toSet())));
        assertThat(maxima).as("memory maxima").isNotEmpty();
        assertThat(maxima)
                .allSatisfy((series, values) -> assertThat(values).as(series).hasSize(1));
        System.out.printf(
                "pipeline: %d statsd-derived metrics arrived: %s%n",
                received.metricNames().stream()
                        .filter(n -> n.startsWith("flask_app_"))
                        .count(),
                received.metricNames().stream()
                        .filter(n -> n.startsWith("flask_app_"))
                        .toList());
    }

    @Test
    @Order(8)
    void nothingOutsideTheAgentsAllowListArrives() {
        assertThat(received.metricNames())
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches(ALLOWED));
    }

    @Test
    @Order(9)
    void theCollectorsStartWithoutADeprecationWarning() {
        assertThat(Otelcol.deprecationsIn(topology.agent.output())).as("agent").isEmpty();
        assertThat(Otelcol.deprecationsIn(topology.gateway.output()))
                .as("gateway")
                .isEmpty();
    }

    @Test
    @Order(10)
    void aGatewayOutageUnderLoadLeavesTheAppAloneAndLosesNoSpan() throws IOException {
        topology.startHeavyLoad();
        sleep(Duration.ofSeconds(8));
        Rate before = rateOverFiveSeconds();
        topology.gateway.stop();
        long outageStart = System.nanoTime();
        Rate during = rateOverFiveSeconds();
        sleep(OUTAGE.minusNanos(System.nanoTime() - outageStart));
        Map<String, Double> agentDuringOutage = agentExporterCounters();
        topology.gateway.restart();
        stopLoadAndAwaitSpans();
        Map<String, Double> agentAfter = agentExporterCounters();
        System.out.printf(
                "pipeline: gateway outage %d s: loader %.1f req/s before, %.1f during; app p50 %.2f ms before,"
                        + " %.2f ms during; agent during outage %s; after %s%n",
                OUTAGE.toSeconds(),
                before.requestsPerSecond(),
                during.requestsPerSecond(),
                before.medianMillis(),
                during.medianMillis(),
                agentDuringOutage,
                agentAfter);
        assertThat(during.failures()).as("failed requests during the outage").isZero();
        assertThat(during.requestsPerSecond())
                .as("rate during the outage")
                .isGreaterThan(before.requestsPerSecond() * 0.8);
        assertThat(during.medianMillis())
                .as("app latency during the outage")
                .isLessThan(Math.max(5, before.medianMillis() * 3));
        assertThat(agentAfter.getOrDefault("otelcol_exporter_enqueue_failed_spans", 0.0))
                .as("spans the agent dropped")
                .isZero();
    }

    @Test
    @Order(11)
    void aStatsdExporterOutageLeavesTheAppAlone() throws IOException {
        topology.startHeavyLoad();
        sleep(Duration.ofSeconds(5));
        Rate before = rateOverFiveSeconds();
        topology.statsdExporter.stop();
        Rate during = rateOverFiveSeconds();
        sleep(Duration.ofSeconds(5));
        topology.statsdExporter.restart();
        System.out.printf(
                "pipeline: statsd_exporter outage: loader %.1f req/s before, %.1f during; app p50 %.2f ms before,"
                        + " %.2f ms during%n",
                before.requestsPerSecond(), during.requestsPerSecond(), before.medianMillis(), during.medianMillis());
        assertThat(topology.app.isAlive()).isTrue();
        assertThat(during.failures()).isZero();
        assertThat(during.requestsPerSecond()).isGreaterThan(before.requestsPerSecond() * 0.8);
        assertThat(get(topology.adminUrl("/healthcheck")).statusCode()).isEqualTo(200);
        stopLoadAndAwaitSpans();
    }

    /** Requests the loader made, failures, and the app's median latency probed directly. */
    record Rate(double requestsPerSecond, long failures, double medianMillis) {}

    private Rate rateOverFiveSeconds() {
        long requests = loaderRequests();
        long failures = loaderFailures();
        long start = System.nanoTime();
        List<Double> latencies = new ArrayList<>();
        while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            long t = System.nanoTime();
            assertThat(get(topology.appUrl("/")).statusCode()).isEqualTo(200);
            latencies.add((System.nanoTime() - t) / 1e6);
            sleep(Duration.ofMillis(50));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        latencies.sort(Double::compare);
        return new Rate(
                (loaderRequests() - requests) / seconds,
                loaderFailures() - failures,
                latencies.get(latencies.size() / 2));
    }

    /** Stops the load, then waits until every request the app served has arrived as a span. */
    private void stopLoadAndAwaitSpans() {
        topology.loader.stop();
        long served = served();
        await("spans received = requests served (" + served + ")")
                .atMost(FLUSH)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(received.spansOf(APP_SERVICE)).hasSize((int) served));
        System.out.printf(
                "pipeline: %d requests served, %d spans received%n",
                served, received.spansOf(APP_SERVICE).size());
    }

    /** Requests the app served on its application port, from its own Dropwizard metrics. */
    private long served() {
        JsonNode metrics = getJson(topology.adminUrl("/metrics"));
        return metrics.at("/timers/io.dropwizard.jetty.MutableServletContextHandler.requests/count")
                .asLong();
    }

    private long loaderRequests() {
        return aggregated().path("num_requests").asLong();
    }

    private long loaderFailures() {
        return aggregated().path("num_failures").asLong();
    }

    private JsonNode aggregated() {
        for (JsonNode row : getJson(topology.loaderUrl("/stats/requests")).path("stats")) {
            if ("Aggregated".equals(row.path("name").asText())) {
                return row;
            }
        }
        return json.createObjectNode();
    }

    private Map<String, Double> agentExporterCounters() {
        Map<String, Double> counters = new java.util.TreeMap<>();
        for (PrometheusText.Sample sample : PrometheusText.fetch("http://" + Topology.AGENT_ADDRESS + ":8888/metrics")
                .samples()) {
            if (sample.name().startsWith("otelcol_exporter_")
                    && (sample.name().contains("span") || sample.name().contains("queue"))
                    && "otlp_grpc".equals(sample.labels().get("exporter"))) {
                counters.merge(sample.name(), sample.value(), Double::sum);
            }
        }
        return counters;
    }

    private JsonNode getJson(String url) {
        try {
            return json.readTree(get(url).body());
        } catch (IOException e) {
            throw new IllegalStateException(url, e);
        }
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed" + topology.logs(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
