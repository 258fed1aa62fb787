package io.github.oteldemo.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the chart's backends answer through their query APIs: Jaeger's HTTP API and Prometheus's,
 * and the dashboards Grafana would run, read from the rendered chart.
 */
final class Backends {

    /** One PromQL expression of one dashboard panel. */
    record PanelQuery(String dashboard, String panel, String expr) {
        /** The expression as Grafana sends it, with its interval macro at a fixed window. */
        String promql() {
            return expr.replace("$__rate_interval", "1m");
        }

        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    /** A metric selector: a name followed by its matchers, a range or the end of a call. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?=[{\\[)])");

    private final Topology topology;
    private final HttpClient http;
    private final ObjectMapper json;

    Backends(Topology topology, HttpClient http, ObjectMapper json) {
        this.topology = topology;
        this.http = http;
        this.json = json;
    }

    /** The traces of a service Jaeger holds from the last hour. */
    List<JsonNode> traces(String service) {
        long end = Instant.now().toEpochMilli() * 1000;
        long start = end - Duration.ofHours(1).toMillis() * 1000;
        JsonNode answer = get(topology.jaegerUrl(
                "/api/traces?service=" + encode(service) + "&limit=20&start=" + start + "&end=" + end));
        List<JsonNode> traces = new ArrayList<>();
        answer.path("data").forEach(traces::add);
        return traces;
    }

    /** One trace by its ID (hex), or null when Jaeger does not have it. */
    JsonNode trace(String traceId) {
        JsonNode data = get(topology.jaegerUrl("/api/traces/" + traceId)).path("data");
        return data.isArray() && !data.isEmpty() ? data.get(0) : null;
    }

    /** Every PromQL query of every dashboard the chart provisions into Grafana. */
    List<PanelQuery> dashboardQueries() {
        ConfigMap dashboards = topology.manifests.get(ConfigMap.class, Topology.RELEASE + "-grafana-dashboards");
        List<PanelQuery> queries = new ArrayList<>();
        for (Map.Entry<String, String> file : dashboards.getData().entrySet()) {
            try {
                collect(file.getKey(), json.readTree(file.getValue()).path("panels"), queries);
            } catch (IOException e) {
                throw new IllegalStateException("dashboard " + file.getKey(), e);
            }
        }
        return queries;
    }

    private static void collect(String dashboard, JsonNode panels, List<PanelQuery> queries) {
        for (JsonNode panel : panels) {
            collect(dashboard, panel.path("panels"), queries);
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(
                        dashboard,
                        panel.path("title").asText(),
                        target.path("expr").asText()));
            }
        }
    }

    /** The queries whose instant result at this moment is empty (or an error). */
    List<String> withoutData(List<PanelQuery> queries) {
        List<String> empty = new ArrayList<>();
        for (PanelQuery query : queries) {
            JsonNode answer = get(topology.prometheusUrl("/api/v1/query?query=" + encode(query.promql())));
            if (!"success".equals(answer.path("status").asText())
                    || answer.at("/data/result").isEmpty()) {
                empty.add(query + " -> " + answer);
            }
        }
        return empty;
    }

    /** Every metric name Prometheus holds. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        get(topology.prometheusUrl("/api/v1/label/__name__/values"))
                .path("data")
                .forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The metric names the queries select (grouping labels, matchers and strings left out). */
    static Set<String> metricsNamedBy(List<PanelQuery> queries) {
        Set<String> names = new TreeSet<>();
        for (PanelQuery query : queries) {
            String expr = query.expr()
                    .replaceAll("\"[^\"]*\"", "\"\"")
                    .replaceAll("\\{[^}]*}", "{}")
                    .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ");
            Matcher matcher = SELECTOR.matcher(expr);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The trace IDs of the exemplars of a series over the last ten minutes. */
    List<String> exemplarTraceIds(String metric) {
        long end = Instant.now().getEpochSecond();
        JsonNode answer = get(topology.prometheusUrl(
                "/api/v1/query_exemplars?query=" + encode(metric) + "&start=" + (end - 600) + "&end=" + end));
        List<String> ids = new ArrayList<>();
        for (JsonNode series : answer.path("data")) {
            for (JsonNode exemplar : series.path("exemplars")) {
                String id = exemplar.at("/labels/trace_id").asText();
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private JsonNode get(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
