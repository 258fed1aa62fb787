package io.github.oteldemo.loader.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.master.HttpJson;
import io.github.oteldemo.loader.master.InProcessWorker;
import io.github.oteldemo.loader.master.MasterRunner;
import io.github.oteldemo.loader.master.MasterSettings;
import io.github.oteldemo.loader.master.PythonLocust;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.worker.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /tasks} after {@code POST /user}: Locust's {@code update_user_class} changes the
 * user class itself, so its {@code /tasks} lists only the kept tasks, their ratios over those, and
 * class ratios from the users the new weights spawn.
 */
class TaskRatiosAfterEditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Given to the web UI as {@code -f} too, as a real run does: only the edits may make {@code /tasks} differ. */
    private static final String TASKS_YAML = """
            users:
              - name: WebsiteUser
                wait_time: {type: constant, seconds: 0.05}
                tasks:
                  - {name: first, path: /first, weight: 1}
                  - {name: second, path: /second, weight: 3}
              - name: Pacer
                wait_time: {type: constant, seconds: 0.05}
                tasks: [{name: pace, path: /}]
            """;
    /** The same classes in Python, whose tasks go by their function names. */
    private static final String LOCUSTFILE = """
            from locust import HttpUser, task, constant

            class WebsiteUser(HttpUser):
                wait_time = constant(0.05)

                @task(1)
                def first(self):
                    self.client.get("/first")

                @task(3)
                def second(self):
                    self.client.get("/second")

            class Pacer(HttpUser):
                wait_time = constant(0.05)

                @task
                def pace(self):
                    self.client.get("/")
            """;

    private static final String ONLY_SECOND_WEIGHT_3 =
            "{\"user_class_name\": \"WebsiteUser\", \"weight\": 3, \"tasks\": [\"second\"]}";
    private static final String BOTH_TASKS =
            "{\"user_class_name\": \"WebsiteUser\", \"tasks\": [\"first\", \"second\"]}";

    private static Path taskFile(Path dir) throws Exception {
        return Files.writeString(dir.resolve("tasks.yaml"), TASKS_YAML);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static JsonNode tasks(String base) throws Exception {
        return HttpJson.get(base + "/tasks");
    }

    /** Waits until the running users are spread {@code websiteUsers} to {@code pacers}, as {@code /tasks} reports them. */
    private static void awaitClassRatios(String base, double websiteUsers, double pacers) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode perClass = tasks(base).path("per_class");
            assertThat(List.of(
                            perClass.at("/WebsiteUser/ratio").asDouble(),
                            perClass.at("/Pacer/ratio").asDouble()))
                    .containsExactly(websiteUsers, pacers);
        });
    }

    @Test
    void aStandaloneRunReportsTheEditedClasses(@TempDir Path dir) throws Exception {
        Path file = taskFile(dir);
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner =
                    new LocalRunner(TaskFile.load(file), client, target.url(), Duration.ofSeconds(1), "local");
            WebServer web = WebApi.start(runner, "-f", file.toString(), "-H", target.url());
            String base = "http://127.0.0.1:" + web.port();
            try {
                assertThat(WebApi.swarm(base, 4, 100).statusCode()).isEqualTo(200);
                awaitClassRatios(base, 0.5, 0.5);
                JsonNode before = tasks(base);
                assertThat(before.at("/per_class/WebsiteUser/tasks"))
                        .isEqualTo(json("{\"first\": {\"ratio\": 0.25}, \"second\": {\"ratio\": 0.75}}"));

                assertThat(WebApi.postUser(base, "{\"user_class_name\": \"WebsiteUser\", \"tasks\": [\"third\"]}")
                                .statusCode())
                        .isEqualTo(400);
                assertThat(tasks(base)).as("a refused edit changes nothing").isEqualTo(before);

                assertThat(WebApi.postUser(base, ONLY_SECOND_WEIGHT_3).statusCode())
                        .isEqualTo(201);
                JsonNode edited = tasks(base);
                assertThat(edited.at("/per_class/WebsiteUser/tasks")).isEqualTo(json("{\"second\": {\"ratio\": 1.0}}"));
                assertThat(edited.at("/total/WebsiteUser/tasks")).isEqualTo(json("{\"second\": {\"ratio\": 0.5}}"));
                // Locust's class ratio counts the running users, which the new weight spreads from the next start.
                assertThat(edited.at("/per_class/WebsiteUser/ratio").asDouble()).isEqualTo(0.5);

                assertThat(WebApi.post(base + "/stop", "text/plain", "").statusCode())
                        .isEqualTo(200);
                assertThat(WebApi.swarm(base, 4, 100).statusCode()).isEqualTo(200);
                awaitClassRatios(base, 0.75, 0.25);
                assertThat(tasks(base).path("total"))
                        .isEqualTo(
                                json("{\"WebsiteUser\": {\"ratio\": 0.75, \"tasks\": {\"second\": {\"ratio\": 0.75}}},"
                                        + " \"Pacer\": {\"ratio\": 0.25, \"tasks\": {\"pace\": {\"ratio\": 0.25}}}}"));

                assertThat(WebApi.postUser(base, BOTH_TASKS).statusCode()).isEqualTo(201);
                assertThat(tasks(base).at("/per_class/WebsiteUser/tasks"))
                        .as("the tasks come back from the task file with their weights")
                        .isEqualTo(before.at("/per_class/WebsiteUser/tasks"));
            } finally {
                web.stop();
                runner.quit();
            }
        }
    }

    @Test
    void aJavaMasterReportsTheEditedClassesWithItsWorkersUsers(@TempDir Path dir) throws Exception {
        Path file = taskFile(dir);
        TaskFile tasks = TaskFile.load(file);
        try (TargetServer target = new TargetServer()) {
            MasterRunner master = new MasterRunner(
                    MasterSettings.of("127.0.0.1", 0, Map.of(), target.url()).withUserClasses(tasks.users()));
            WebServer web = WebApi.start(master, "-f", file.toString(), "--master", "-H", target.url());
            String base = "http://127.0.0.1:" + web.port();
            try (InProcessWorker worker = InProcessWorker.connected(
                    WorkerSettings.of("127.0.0.1", master.port()).withConnectTimeout(Duration.ofSeconds(20)), tasks)) {
                master.start(4, 100, null);
                awaitClassRatios(base, 0.5, 0.5);

                assertThat(WebApi.postUser(base, ONLY_SECOND_WEIGHT_3).statusCode())
                        .isEqualTo(201);
                assertThat(tasks(base).at("/per_class/WebsiteUser/tasks"))
                        .isEqualTo(json("{\"second\": {\"ratio\": 1.0}}"));
                // The master leaves task names to its workers; its task file lacking them keeps its copy as it was.
                assertThat(WebApi.postUser(base, "{\"user_class_name\": \"WebsiteUser\", \"tasks\": [\"third\"]}")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(tasks(base).at("/per_class/WebsiteUser/tasks"))
                        .isEqualTo(json("{\"second\": {\"ratio\": 1.0}}"));

                master.stop();
                master.start(4, 100, null);
                awaitClassRatios(base, 0.75, 0.25);
                assertThat(tasks(base).at("/total/WebsiteUser/tasks"))
                        .isEqualTo(json("{\"second\": {\"ratio\": 0.75}}"));
                master.stop();
            } finally {
                web.stop();
                master.quit();
            }
        }
    }

    @Test
    void aJavaMasterReportsEditsAsARealPythonMasterDoes(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        Path file = taskFile(dir);
        int pyWeb = PythonLocust.freePort();
        try (TargetServer target = new TargetServer();
                PythonLocust python = PythonLocust.startWith(
                        dir,
                        LOCUSTFILE,
                        "--master",
                        "--master-bind-host",
                        "127.0.0.1",
                        "--master-bind-port",
                        String.valueOf(PythonLocust.freePort()),
                        "--web-host",
                        "127.0.0.1",
                        "--web-port",
                        String.valueOf(pyWeb),
                        "-H",
                        target.url())) {
            MasterRunner master = new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of(), target.url())
                    .withUserClasses(TaskFile.load(file).users()));
            WebServer web = WebApi.start(master, "-f", file.toString(), "--master", "-H", target.url());
            String java = "http://127.0.0.1:" + web.port();
            String py = "http://127.0.0.1:" + pyWeb;
            try {
                await().atMost(Duration.ofSeconds(30))
                        .alias("the Python master's web UI is up")
                        .until(() -> HttpJson.getOrNull(py + "/tasks") != null);
                assertThat(tasks(java)).as(python::log).isEqualTo(tasks(py));
                for (String edit : List.of(ONLY_SECOND_WEIGHT_3, BOTH_TASKS)) {
                    assertThat(WebApi.postUser(py, edit).statusCode())
                            .as(python::log)
                            .isEqualTo(201);
                    assertThat(WebApi.postUser(java, edit).statusCode()).isEqualTo(201);
                    assertThat(tasks(java)).as(edit).isEqualTo(tasks(py));
                }
                assertThat(tasks(java).at("/per_class/WebsiteUser/tasks"))
                        .isEqualTo(json("{\"first\": {\"ratio\": 0.25}, \"second\": {\"ratio\": 0.75}}"));
                assertThat(python.log()).doesNotContain("Traceback");
            } finally {
                web.stop();
                master.quit();
            }
        }
    }
}
