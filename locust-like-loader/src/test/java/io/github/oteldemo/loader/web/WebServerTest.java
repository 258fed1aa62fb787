package io.github.oteldemo.loader.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.loader.RunSession;
import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.EnvironmentDefaults;
import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Locust-compatible API over real HTTP, with a real local run behind it. */
class WebServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH =
            "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newHttpClient();
    private TargetServer target;
    private LoadClient client;
    private LocalRunner runner;
    private WebServer web;
    private String base;

    @BeforeEach
    void start() throws IOException {
        target = new TargetServer();
        LoaderOptions options = new LoaderOptions();
        new CommandLine(options)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of()))
                .parseArgs(
                        "--web-host", "127.0.0.1", "--web-port", "0", "--web-auth", "admin:s3cret", "-H", target.url());
        options.validate();
        client = new LoadClient(1, Duration.ofSeconds(5));
        runner = new LocalRunner(TaskFile.DEFAULT, client, options.host(), Duration.ZERO, "local");
        web = RunSession.webServer(options, runner);
        web.start();
        base = "http://127.0.0.1:" + web.port();
    }

    @AfterEach
    void stop() {
        web.stop();
        runner.quit();
        client.close();
        target.close();
    }

    private HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (authenticated) {
            request.header("Authorization", AUTH);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode swarm(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/swarm"))
                .header("Authorization", AUTH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return JSON.readTree(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void healthzIsOpenAndEverythingElseNeedsTheCredentials() throws Exception {
        assertThat(get("/healthz", false).statusCode()).isEqualTo(200);
        assertThat(get("/stats/requests", false).statusCode()).isEqualTo(401);
        assertThat(get("/", false).statusCode()).isEqualTo(401);
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(base + "/stats/requests"))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8)))
                .build();
        assertThat(http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> page = get("/", true);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas").doesNotContain("https://");
        assertThat(get("/static/app.js", true).body()).contains("/stats/requests");
    }

    @Test
    void swarmRunsUsersAndTheApiReportsThemLikeLocust() throws Exception {
        JsonNode started = swarm("user_count=3&spawn_rate=50&host=" + target.url());
        assertThat(started.get("success").asBoolean()).isTrue();
        assertThat(started.get("message").asText()).isEqualTo("Swarming started");

        JsonNode report = null;
        for (int i = 0; i < 50; i++) {
            report = JSON.readTree(get("/stats/requests", true).body());
            JsonNode rows = report.get("stats");
            if (report.get("user_count").asInt() == 3
                    && rows.get(rows.size() - 1).get("num_requests").asLong() > 20) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(report.get("state").asText()).isEqualTo("running");
        assertThat(report.get("user_count").asInt()).isEqualTo(3);
        JsonNode entry = report.get("stats").get(0);
        assertThat(entry.get("method").asText()).isEqualTo("GET");
        assertThat(entry.get("name").asText()).isEqualTo("/");
        for (String field : new String[] {
            "num_requests",
            "num_failures",
            "avg_response_time",
            "min_response_time",
            "max_response_time",
            "current_rps",
            "current_fail_per_sec",
            "median_response_time",
            "total_rps",
            "total_fail_per_sec",
            "response_time_percentile_0.95",
            "response_time_percentile_0.99",
            "avg_content_length"
        }) {
            assertThat(entry.has(field)).as(field).isTrue();
        }
        assertThat(entry.get("avg_content_length").asDouble()).isEqualTo(12.0);
        JsonNode total = report.get("stats").get(1);
        assertThat(total.get("name").asText()).isEqualTo("Aggregated");
        assertThat(total.get("method").asText()).isEmpty();
        assertThat(report.has("total_rps")).isTrue();
        assertThat(report.has("current_rps")).isTrue();
        assertThat(report.has("fail_ratio")).isTrue();
        assertThat(report.get("current_response_time_percentiles").has("response_time_percentile_0.95"))
                .isTrue();
        assertThat(report.get("errors").isArray()).isTrue();

        String metrics = get("/metrics", true).body();
        assertThat(metrics)
                .contains("locust_requests_total{method=\"GET\",name=\"/\"}")
                .contains("locust_users 3")
                .contains("locust_state{state=\"running\"} 1")
                .contains("locust_response_time_seconds{method=\"GET\",name=\"/\",quantile=\"0.95\"}");

        assertThat(get("/stats/requests/csv", true).body()).startsWith("Type,Name,Request Count");
        assertThat(get("/stats/failures/csv", true).body())
                .startsWith("Method,Name,Error,Occurrences,First Seen,Last Seen");
        assertThat(get("/stats/requests/csv", true)
                        .headers()
                        .firstValue("Content-Disposition")
                        .orElseThrow())
                .matches("attachment;filename=Locust_\\d{4}-\\d\\d-\\d\\d-\\d\\dh\\d\\d_locustfile_"
                        + java.util.regex.Pattern.quote(target.url()) + "_requests.csv");
        assertThat(JSON.readTree(get("/tasks", true).body())
                        .at("/per_class/WebsiteUser/ratio")
                        .asDouble())
                .isEqualTo(1.0);
        assertThat(JSON.readTree(get("/worker-count", true).body())
                        .get("worker_count")
                        .asInt())
                .isZero();
        assertThat(JSON.readTree(get("/logs", true).body()).has("master")).isTrue();
        assertThat(JSON.readTree(get("/exceptions", true).body())
                        .get("exceptions")
                        .isArray())
                .isTrue();

        HttpResponse<String> page = get("/stats/report", true);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body())
                .contains(
                        "Request Statistics",
                        "Response Time Statistics",
                        "<td>GET</td><td>/</td>",
                        "<td>Aggregated</td>",
                        "<svg",
                        "<polyline")
                .doesNotContain("<script", "<link", " src=");
        assertThat(get("/stats/report?download=1", true)
                        .headers()
                        .firstValue("Content-Disposition")
                        .orElseThrow())
                .matches("attachment;filename=Locust_\\d{4}-\\d\\d-\\d\\d-\\d\\dh\\d\\d_locustfile_"
                        + java.util.regex.Pattern.quote(target.url()) + "\\.html");

        JsonNode stopped = JSON.readTree(get("/stop", true).body());
        assertThat(stopped.get("message").asText()).isEqualTo("Test stopped");
        JsonNode after = JSON.readTree(get("/stats/requests", true).body());
        assertThat(after.get("state").asText()).isEqualTo("stopped");
        assertThat(after.get("user_count").asInt()).isZero();

        assertThat(get("/stats/reset", true).body()).isEqualTo("ok");
        assertThat(JSON.readTree(get("/stats/requests", true).body())
                        .get("stats")
                        .get(1)
                        .get("num_requests")
                        .asLong())
                .isZero();
    }

    @Test
    void swarmRejectsBadInputWithLocustsShape() throws Exception {
        JsonNode badHost = swarm("user_count=1&spawn_rate=1&host=localhost:8080");
        assertThat(badHost.get("success").asBoolean()).isFalse();
        assertThat(badHost.get("message").asText()).contains("must start with http://");
        JsonNode badNumber = swarm("user_count=many&spawn_rate=1");
        assertThat(badNumber.get("success").asBoolean()).isFalse();
        assertThat(badNumber.get("message").asText())
                .isEqualTo("Invalid user_count value: 'many' (must be an integer)");
        JsonNode badRate = swarm("user_count=1&spawn_rate=fast");
        assertThat(badRate.get("message").asText()).isEqualTo("Invalid spawn_rate value: 'fast' (must be a number)");
        JsonNode missing = swarm("user_count=1");
        assertThat(missing.get("message").asText())
                .isEqualTo("Missing or invalid user_count or spawn_rate from /swarm request");
        JsonNode badRunTime = swarm("user_count=1&spawn_rate=1&run_time=soon");
        assertThat(badRunTime.get("message").asText())
                .isEqualTo("Valid run_time formats are : 20, 20s, 3m, 2h, 1h20m, 3h30m10s, etc.");
    }

    @Test
    void userClassEditsTakeAJsonObject() throws Exception {
        HttpRequest bad = HttpRequest.newBuilder(URI.create(base + "/user"))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("[not json"))
                .build();
        HttpResponse<String> refused = http.send(bad, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("the body must be a JSON object");
        HttpRequest good = HttpRequest.newBuilder(URI.create(base + "/user"))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_class_name\": \"WebsiteUser\", \"weight\": 2}"))
                .build();
        assertThat(http.send(good, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void runTimeFromTheFormStopsTheTest() throws Exception {
        JsonNode started = swarm("user_count=1&spawn_rate=10&run_time=1s");
        assertThat(started.get("run_time").asInt()).isEqualTo(1);
        Thread.sleep(1_800);
        assertThat(JSON.readTree(get("/stats/requests", true).body())
                        .get("state")
                        .asText())
                .isEqualTo("stopped");
        assertThat(target.arrived("GET /")).isPositive();
    }
}
