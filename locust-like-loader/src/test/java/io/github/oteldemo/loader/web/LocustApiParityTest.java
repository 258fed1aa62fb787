package io.github.oteldemo.loader.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.loader.RunSession;
import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.EnvironmentDefaults;
import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.master.HttpJson;
import io.github.oteldemo.loader.master.InProcessWorker;
import io.github.oteldemo.loader.master.MasterRunner;
import io.github.oteldemo.loader.master.MasterSettings;
import io.github.oteldemo.loader.master.PythonLocust;
import io.github.oteldemo.loader.worker.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Our master's web API next to a real Locust 2.47 master's, both with one worker running the same
 * users against the same target: the JSON keys, CSV headers and download names must match.
 */
class LocustApiParityTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LOCUSTFILE = """
            from locust import FastHttpUser, task, constant

            class WebsiteUser(FastHttpUser):
                wait_time = constant(0.05)

                @task
                def ok(self):
                    self.client.get("/", name="/")

                @task
                def fail(self):
                    self.client.get("/fail", name="/fail")
            """;

    private static final TaskFile TASKS = new TaskFile(List.of(new UserClassSpec(
            "WebsiteUser",
            1,
            new WaitTimeSpec("constant", null, null, 0.05, null),
            List.of(TaskSpec.GET_ROOT, new TaskSpec(null, 1, "GET", "/fail", null, null, null)))));

    @Test
    void theApiMatchesARealLocustMasterKeyForKey(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int pyMaster = PythonLocust.freePort();
        int pyWeb = PythonLocust.freePort();
        Path tasksYaml = dir.resolve("locustfile.yaml");
        Files.writeString(tasksYaml, """
                users:
                  - name: WebsiteUser
                    wait_time: {type: constant, seconds: 0.05}
                    tasks: [{path: /}, {path: /fail}]
                """);
        try (TargetServer target = new TargetServer();
                PythonLocust python = PythonLocust.startWebMaster(dir, LOCUSTFILE, pyMaster, pyWeb, 2, target.url());
                PythonLocust pyWorker = PythonLocust.startWith(
                        dir, LOCUSTFILE, "--worker", "--master-port", String.valueOf(pyMaster))) {
            LoaderOptions options = new LoaderOptions();
            new CommandLine(options)
                    .setDefaultValueProvider(new EnvironmentDefaults(Map.of()))
                    .parseArgs(
                            "--master",
                            "--web-host",
                            "127.0.0.1",
                            "--web-port",
                            "0",
                            "-H",
                            target.url(),
                            "-f",
                            tasksYaml.toString());
            options.validate();
            MasterRunner master = new MasterRunner(
                    MasterSettings.of("127.0.0.1", 0, Map.of(), target.url()).withUserClasses(TASKS.users()));
            WebServer web = RunSession.webServer(options, master);
            web.start();
            String java = "http://127.0.0.1:" + web.port();
            String py = "http://127.0.0.1:" + pyWeb;
            try (InProcessWorker worker = InProcessWorker.connected(
                    WorkerSettings.of("127.0.0.1", master.port())
                            .withConnectTimeout(Duration.ofSeconds(20))
                            .withReportInterval(Duration.ofSeconds(1)),
                    TASKS)) {
                master.start(2, 10, null);
                for (String base : List.of(java, py)) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        JsonNode stats = HttpJson.getOrNull(base + "/stats/requests");
                        assertThat(stats).as(base).isNotNull();
                        assertThat(List.of(
                                        stats.path("stats").size(),
                                        stats.path("errors").size(),
                                        stats.path("workers").size(),
                                        stats.path("user_count").asInt()))
                                .as(() -> base + ": stats rows, errors, workers, users\n" + python.log() + "\n"
                                        + pyWorker.log())
                                .containsExactly(3, 1, 1, 2);
                    });
                }
                JsonNode ours = HttpJson.get(java + "/stats/requests");
                JsonNode theirs = HttpJson.get(py + "/stats/requests");
                assertThat(keys(ours)).isEqualTo(keys(theirs));
                assertThat(keys(ours.path("stats").get(0)))
                        .isEqualTo(keys(theirs.path("stats").get(0)));
                assertThat(keys(ours.path("stats").get(2)))
                        .isEqualTo(keys(theirs.path("stats").get(2)));
                assertThat(ours.path("stats").get(2).path("method"))
                        .isEqualTo(theirs.path("stats").get(2).path("method"));
                assertThat(keys(ours.path("errors").get(0)))
                        .isEqualTo(keys(theirs.path("errors").get(0)));
                assertThat(ours.path("errors").get(0).path("error"))
                        .isEqualTo(theirs.path("errors").get(0).path("error"));
                assertThat(keys(ours.path("workers").get(0)))
                        .isEqualTo(keys(theirs.path("workers").get(0)));
                assertThat(keys(ours.path("current_response_time_percentiles")))
                        .isEqualTo(keys(theirs.path("current_response_time_percentiles")));
                assertThat(ours.path("worker_count")).isEqualTo(theirs.path("worker_count"));

                for (String path : List.of("/exceptions", "/logs", "/worker-count", "/tasks")) {
                    assertThat(keys(HttpJson.get(java + path))).as(path).isEqualTo(keys(HttpJson.get(py + path)));
                }
                // Python names tasks by function, we by request name; the shares must be the same.
                assertThat(HttpJson.get(java + "/tasks"))
                        .isEqualTo(JSON.readTree(HttpJson.get(py + "/tasks")
                                .toString()
                                .replace("\"ok\"", "\"/\"")
                                .replace("\"fail\"", "\"/fail\"")));
                for (String path : List.of("/stats/requests/csv", "/stats/failures/csv", "/exceptions/csv")) {
                    HttpResponse<String> ourCsv = get(java + path);
                    HttpResponse<String> theirCsv = get(py + path);
                    assertThat(ourCsv.body().lines().findFirst())
                            .as(path)
                            .isEqualTo(theirCsv.body().lines().findFirst());
                    assertThat(downloadName(ourCsv).replace("locustfile.yaml", "FILE"))
                            .isEqualTo(downloadName(theirCsv).replaceFirst("locustfile-\\d+\\.py", "FILE"));
                }
                assertThat(get(java + "/stats/requests_full_history/csv").statusCode())
                        .isEqualTo(get(py + "/stats/requests_full_history/csv").statusCode())
                        .isEqualTo(404);

                // The user class editor's POST /user: 201 from both; ours sends it on to the worker.
                String update = "{\"user_class_name\": \"WebsiteUser\", \"weight\": 2}";
                assertThat(postJson(java + "/user", update))
                        .isEqualTo(postJson(py + "/user", update))
                        .isEqualTo(201);
                await().atMost(Duration.ofSeconds(5))
                        .alias("update_user_class reaches the worker")
                        .until(() -> worker.worker().master().userClassUpdate().containsKey("weight"));

                // /swarm without a spawn rate is refused the same way.
                assertThat(post(java + "/swarm", "user_count=3")).isEqualTo(post(py + "/swarm", "user_count=3"));
                assertThat(post(java + "/swarm", "user_count=x&spawn_rate=1"))
                        .isEqualTo(post(py + "/swarm", "user_count=x&spawn_rate=1"));
            } finally {
                web.stop();
                master.quit();
            }
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        // Flask's jsonify sorts keys; the set is what clients depend on.
        keys.sort(null);
        return keys;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String downloadName(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Content-Disposition")
                .orElse("")
                .replaceAll("\\d{4}-\\d\\d-\\d\\d-\\d\\dh\\d\\d", "TIME")
                .replaceAll(":\\d+", ":PORT");
    }

    private static int postJson(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static JsonNode post(String url, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonNode answer = JSON.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        // The host differs (each master's own); the verdict and message must not.
        return JSON.createObjectNode()
                .put("success", answer.path("success").asBoolean())
                .put("message", answer.path("message").asText())
                .put("keys", keys(answer).toString());
    }
}
