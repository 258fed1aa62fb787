package io.github.oteldemo.loader.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.log.RecentLogs;
import io.github.oteldemo.loader.master.InProcessWorker;
import io.github.oteldemo.loader.master.MasterRunner;
import io.github.oteldemo.loader.master.MasterSettings;
import io.github.oteldemo.loader.master.PythonLocust;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.worker.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locust's user class editor ({@code POST /user}) in each mode, judged by the requests that
 * reach a real target: after {@code tasks: ["second"]} no {@code /first} arrives any more.
 */
class UserClassEditorTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final WaitTimeSpec PACED = new WaitTimeSpec("constant", null, null, 0.02, null);
    private static final UserClassSpec WEBSITE_USER = new UserClassSpec(
            "WebsiteUser",
            1,
            PACED,
            List.of(
                    new TaskSpec("first", 1, "GET", "/first", null, null, null),
                    new TaskSpec("second", 1, "GET", "/second", null, null, null)));
    private static final TaskFile TWO_TASKS = new TaskFile(List.of(WEBSITE_USER));
    /** The same user class in Python: Locust names a task by its function. */
    private static final String LOCUSTFILE = """
            from locust import HttpUser, task, constant

            class WebsiteUser(HttpUser):
                wait_time = constant(0.02)

                @task
                def first(self):
                    self.client.get("/first")

                @task
                def second(self):
                    self.client.get("/second")
            """;

    private static final String ONLY_SECOND = "{\"user_class_name\": \"WebsiteUser\", \"tasks\": [\"second\"]}";

    private static void bothTasksArrive(TargetServer target, Supplier<String> log) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(target.arrived("GET /first")).as(log).isPositive();
            assertThat(target.arrived("GET /second")).as(log).isPositive();
        });
    }

    /** After the update took effect, {@code /second} keeps arriving and {@code /first} no more. */
    private static void onlySecondArrives(TargetServer target, Supplier<String> log) throws InterruptedException {
        // Requests the users picked before the update may still be on their way.
        Thread.sleep(300);
        long first = target.arrived("GET /first");
        long second = target.arrived("GET /second");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(target.arrived("GET /second")).as(log).isGreaterThan(second + 30));
        assertThat(target.arrived("GET /first")).as(log).isEqualTo(first);
    }

    @Test
    void aStandaloneRunAppliesItAndRefusesBadSettings() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_TASKS, client, target.url(), Duration.ofSeconds(1), "local");
            WebServer web = WebApi.start(runner, "-H", target.url());
            String base = "http://127.0.0.1:" + web.port();
            try {
                assertThat(WebApi.swarm(base, 2, 10).statusCode()).isEqualTo(200);
                bothTasksArrive(target, () -> "");

                Map<String, String> refused = Map.of(
                        "{\"user_class_name\": \"Ghost\", \"weight\": 2}",
                        "unknown user class 'Ghost' (this task file defines [WebsiteUser])",
                        "{\"user_class_name\": \"WebsiteUser\", \"weight\": \"many\"}",
                        "weight must be a whole number of at least 1, got 'many'",
                        "{\"user_class_name\": \"WebsiteUser\", \"tasks\": [\"third\"]}",
                        "none of the tasks [third] is a task of WebsiteUser (its tasks: [first, second])",
                        "{\"user_class_name\": \"WebsiteUser\", \"host\": \"localhost:8080\"}",
                        "malformed host 'localhost:8080': it must start with http:// or https://",
                        "null",
                        "the user class settings must be an object with user_class_name");
                for (Map.Entry<String, String> bad : refused.entrySet()) {
                    HttpResponse<String> answer = WebApi.postUser(base, bad.getKey());
                    assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
                    assertThat(answer.body()).as(bad.getKey()).isEqualTo(bad.getValue());
                }
                HttpResponse<String> get = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/user")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(get.statusCode()).isEqualTo(405);
                // Refused settings changed nothing: both tasks still run.
                long first = target.arrived("GET /first");
                await().atMost(Duration.ofSeconds(5)).until(() -> target.arrived("GET /first") > first + 10);

                HttpResponse<String> applied = WebApi.postUser(base, ONLY_SECOND);
                assertThat(applied.statusCode()).isEqualTo(201);
                assertThat(applied.body()).isEqualTo("{}");
                onlySecondArrives(target, () -> "");
            } finally {
                web.stop();
                runner.quit();
            }
        }
    }

    @Test
    void aJavaMasterAppliesWeightsAndPassesTasksToAJavaWorker() throws Exception {
        UserClassSpec pacer =
                new UserClassSpec("Pacer", 1, PACED, List.of(new TaskSpec(null, 1, "GET", "/", null, null, null)));
        TaskFile tasks = new TaskFile(List.of(WEBSITE_USER, pacer));
        try (TargetServer target = new TargetServer()) {
            MasterRunner master = new MasterRunner(
                    MasterSettings.of("127.0.0.1", 0, Map.of(), target.url()).withUserClasses(tasks.users()));
            WebServer web = WebApi.start(master, "--master", "-H", target.url());
            String base = "http://127.0.0.1:" + web.port();
            try (InProcessWorker worker = InProcessWorker.connected(
                    WorkerSettings.of("127.0.0.1", master.port()).withConnectTimeout(Duration.ofSeconds(20)), tasks)) {
                // By weight 4 users are 2 and 2; the dispatcher made at the start takes the new weight.
                assertThat(WebApi.postUser(base, "{\"user_class_name\": \"WebsiteUser\", \"weight\": 3}")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(WebApi.postUser(base, "{\"user_class_name\": \"Ghost\", \"weight\": 3}")
                                .body())
                        .isEqualTo("unknown user class 'Ghost' (this master's classes are [WebsiteUser, Pacer])");
                master.start(4, 100, null);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(worker.runner().classCounts())
                                .containsExactly(Map.entry("WebsiteUser", 3), Map.entry("Pacer", 1)));
                bothTasksArrive(target, () -> master.workers().toString());

                assertThat(WebApi.postUser(base, ONLY_SECOND).statusCode()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(5))
                        .alias("update_user_class reaches the worker")
                        .until(() -> worker.worker().master().userClassUpdate().containsKey("tasks"));
                onlySecondArrives(target, () -> master.workers().toString());
                assertThat(target.arrived("GET /")).isPositive();
                master.stop();
            } finally {
                web.stop();
                master.quit();
            }
        }
    }

    @Test
    void aJavaWorkerAppliesWhatARealPythonMasterSends(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        int webPort = PythonLocust.freePort();
        String base = "http://127.0.0.1:" + webPort;
        try (TargetServer target = new TargetServer();
                PythonLocust master = PythonLocust.startWebMaster(dir, LOCUSTFILE, port, webPort, 2, target.url());
                InProcessWorker worker = InProcessWorker.connected(
                        WorkerSettings.of("127.0.0.1", port).withConnectTimeout(Duration.ofSeconds(30)), TWO_TASKS)) {
            bothTasksArrive(target, master::log);

            // A Python master takes any task names; the Java worker says why it cannot and runs on.
            assertThat(WebApi.postUser(base, "{\"user_class_name\": \"WebsiteUser\", \"tasks\": [\"third\"]}")
                            .statusCode())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(RecentLogs.lines())
                            .anyMatch(l -> l.contains("Cannot apply the master's update_user_class")
                                    && l.contains("none of the tasks [third] is a task of WebsiteUser")));
            long first = target.arrived("GET /first");
            await().atMost(Duration.ofSeconds(5)).until(() -> target.arrived("GET /first") > first + 10);

            assertThat(WebApi.postUser(base, ONLY_SECOND).statusCode())
                    .as(master::log)
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(5))
                    .alias("update_user_class reaches the worker")
                    .until(() -> worker.worker().master().userClassUpdate().containsValue(List.of("second")));
            onlySecondArrives(target, master::log);
            assertThat(master.log()).doesNotContain("Traceback");
        }
    }
}
