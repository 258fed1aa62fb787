package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.log.RecentLogs;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import io.github.oteldemo.loader.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Python Locust worker (the current release, from scripts/peers.sh) under our master. */
class PythonWorkerInteropTest {

    /** The same failing request as the Java worker's: FastHttpUser's error text is what ours imitates. */
    private static final String FAILING_LOCUSTFILE = """
            from locust import FastHttpUser, task, constant

            class WebsiteUser(FastHttpUser):
                wait_time = constant(0.05)

                @task
                def fail(self):
                    self.client.get("/fail")
            """;

    @Test
    void pythonWorkerCarriesLoadThatTheMasterCounts(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        try (CountingTarget target = new CountingTarget()) {
            MasterRunner master =
                    new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), target.url()));
            try (PythonLocust worker = PythonLocust.start(
                    dir, "--worker", "--master-host", "127.0.0.1", "--master-port", String.valueOf(master.port()))) {
                assertThat(master.awaitWorkers(1, Duration.ofSeconds(20)))
                        .as(worker::log)
                        .isTrue();

                master.start(3, 10, null);
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(master.stats().total().numRequests())
                                .as(worker::log)
                                .isGreaterThanOrEqualTo(20));
                assertThat(master.state()).isEqualTo(RunnerState.RUNNING);
                assertThat(master.userCount()).isEqualTo(3);
                assertThat(master.workers()).singleElement().satisfies(w -> {
                    assertThat(w.state()).isEqualTo(RunnerState.RUNNING);
                    assertThat(w.userCount()).isEqualTo(3);
                });
                // A Python worker sends its log lines right after it registered.
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() ->
                                assertThat(master.workerLogs()).as(worker::log).isNotEmpty());
                assertThat(master.workerLogs().values())
                        .singleElement()
                        .asList()
                        .isNotEmpty();

                master.quit();
                assertThat(worker.waitFor(15)).as(worker::log).isZero();
                // spawning_complete and the heartbeat replies are messages a 2.47 worker knows.
                assertThat(worker.log()).doesNotContain("Unknown message type");
            }
            // Same version: the master neither warns nor refuses.
            assertThat(RecentLogs.lines()).noneMatch(l -> l.contains("different version") || l.contains("pre 2.0"));
            StatsEntry total = master.stats().total();
            // Locust kills its users on stop, so up to one request per user may reach the
            // target without being recorded; nothing may be counted that did not happen.
            assertThat(total.numRequests()).isBetween(target.requests() - 3, target.requests());
            assertThat(total.numFailures()).isZero();
            assertThat(total.histogram())
                    .as("Python peers send Locust buckets only")
                    .isNull();
            assertThat(master.stats().entries())
                    .singleElement()
                    .satisfies(e -> assertThat(e.method() + " " + e.name()).isEqualTo("GET /"));
        }
    }

    @Test
    void theSameFailureFromAJavaAndAPythonWorkerIsOneRow(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        TaskFile failing = new TaskFile(List.of(new UserClassSpec(
                "WebsiteUser",
                1,
                new WaitTimeSpec("constant", null, null, 0.05, null),
                List.of(new TaskSpec(null, 1, "GET", "/fail", null, null, null)))));
        try (TargetServer target = new TargetServer()) {
            MasterRunner master =
                    new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), target.url()));
            try (PythonLocust python = PythonLocust.startWith(
                            dir,
                            FAILING_LOCUSTFILE,
                            "--worker",
                            "--master-host",
                            "127.0.0.1",
                            "--master-port",
                            String.valueOf(master.port()));
                    InProcessWorker java = InProcessWorker.connected(
                            WorkerSettings.of("127.0.0.1", master.port())
                                    .withConnectTimeout(Duration.ofSeconds(30))
                                    .withReportInterval(Duration.ofSeconds(1)),
                            failing)) {
                assertThat(master.awaitWorkers(2, Duration.ofSeconds(20)))
                        .as(python::log)
                        .isTrue();
                master.start(2, 10, null);
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(master.stats().total().numFailures())
                            .as(python::log)
                            .isGreaterThan(40);
                    assertThat(target.arrived("GET /fail")).as(python::log).isPositive();
                });
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(master.stats().errors())
                            .as(python::log)
                            .singleElement()
                            .satisfies(e -> assertThat(e.occurrences()).isGreaterThan(60));
                    assertThat(master.workers())
                            .allSatisfy(w -> assertThat(w.userCount()).isEqualTo(1));
                });
                master.stop();
            } finally {
                master.quit();
            }
            List<StatsError> errors = master.stats().errors();
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.error()).isEqualTo("LocustBadStatusCode(code=500)");
                assertThat(e.occurrences()).isEqualTo(master.stats().total().numFailures());
                assertThat(e.firstSeen()).isNotNull().isLessThanOrEqualTo(e.lastSeen());
            });
        }
    }
}
