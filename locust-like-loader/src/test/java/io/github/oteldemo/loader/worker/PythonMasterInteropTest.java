package io.github.oteldemo.loader.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.log.RecentLogs;
import io.github.oteldemo.loader.master.CountingTarget;
import io.github.oteldemo.loader.master.HttpJson;
import io.github.oteldemo.loader.master.InProcessWorker;
import io.github.oteldemo.loader.master.PythonLocust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our worker under a real Python Locust master (the current release, from scripts/peers.sh). */
class PythonMasterInteropTest {

    private static PythonLocust headlessMaster(Path dir, int port, CountingTarget target, String runTime)
            throws IOException {
        // The stop timeout reaches the worker with each spawn: users finish the request in flight, so none is lost.
        return PythonLocust.start(
                dir,
                "--master",
                "--headless",
                "--expect-workers",
                "1",
                "-u",
                "3",
                "-r",
                "10",
                "-t",
                runTime,
                "--stop-timeout",
                "2",
                "--master-bind-host",
                "127.0.0.1",
                "--master-bind-port",
                String.valueOf(port),
                "-H",
                target.url(),
                "--csv",
                dir.resolve("run").toString());
    }

    /** @return the Aggregated row's "Request Count" of Locust's {@code _stats.csv} */
    private static long aggregatedRequests(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("run_stats.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        String aggregated = lines.stream()
                .filter(l -> l.contains(",Aggregated,"))
                .findFirst()
                .orElseThrow();
        return Long.parseLong(aggregated.split(",")[header.indexOf("Request Count")]);
    }

    @Test
    void javaWorkerCarriesLoadThatAPythonMasterCounts(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        try (CountingTarget target = new CountingTarget();
                PythonLocust master = headlessMaster(dir, port, target, "4s");
                InProcessWorker worker = InProcessWorker.connectedTo(port)) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(worker.runner().userCount())
                            .as(master::log)
                            .isEqualTo(3));
            worker.worker().awaitQuit();
            assertThat(master.waitFor(20)).as(master::log).isZero();

            long counted = aggregatedRequests(dir);
            assertThat(counted).as(master::log).isPositive().isEqualTo(target.requests());
        }
    }

    @Test
    void javaWorkerRegistersAgainWhenTheMasterComesBack(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        try (CountingTarget target = new CountingTarget()) {
            PythonLocust first = headlessMaster(dir, port, target, "60s");
            try (InProcessWorker worker = InProcessWorker.connectedTo(port)) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(worker.runner().userCount())
                                .as(first::log)
                                .isEqualTo(3));

                first.kill();
                await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
                    assertThat(worker.worker().registered()).as("registered").isFalse();
                    assertThat(worker.runner().userCount()).as("users").isZero();
                });

                Files.deleteIfExists(dir.resolve("run_stats.csv"));
                try (PythonLocust second = headlessMaster(dir, port, target, "3s")) {
                    await().atMost(Duration.ofSeconds(15))
                            .untilAsserted(() -> assertThat(worker.worker().registered())
                                    .as(second::log)
                                    .isTrue());
                    worker.worker().awaitQuit();
                    assertThat(second.waitFor(20)).as(second::log).isZero();
                    assertThat(aggregatedRequests(dir)).as(second::log).isPositive();
                }
            } finally {
                first.close();
            }
        }
    }

    @Test
    void javaWorkerQuitsLikeLocustsWhenItsMasterFallsSilent(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        try (CountingTarget target = new CountingTarget();
                PythonLocust master = headlessMaster(dir, port, target, "60s")) {
            // Shorter than the 5 s after which ZeroMQ's own heartbeats would call the connection dead.
            WorkerSettings settings = quickSettings(port).withMasterSilence(Duration.ofSeconds(2));
            try (InProcessWorker worker = InProcessWorker.connected(settings, InProcessWorker.PACED)) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(worker.runner().userCount())
                                .as(master::log)
                                .isEqualTo(3));
                CompletableFuture<Void> quit = CompletableFuture.runAsync(() -> {
                    try {
                        worker.worker().awaitQuit();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                master.pause();
                long paused = System.nanoTime();
                try {
                    quit.get(10, TimeUnit.SECONDS);
                    assertThat(Duration.ofNanos(System.nanoTime() - paused))
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                    assertThat(worker.runner().userCount()).isZero();
                    assertThat(RecentLogs.lines())
                            .anyMatch(l -> l.contains("Didn't get heartbeat from master in over 2s"));
                    long requests = target.requests();
                    Thread.sleep(500);
                    assertThat(target.requests()).isEqualTo(requests);
                } finally {
                    master.resume();
                }
                // As a Locust worker, it said goodbye: the master hears it once it runs again.
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.log())
                                .contains("Worker '" + worker.worker().nodeId() + "' (index 0) quit."));
            }
        }
    }

    private static WorkerSettings quickSettings(int port) {
        return WorkerSettings.of("127.0.0.1", port)
                .withConnectTimeout(Duration.ofSeconds(30))
                .withReportInterval(Duration.ofSeconds(1))
                .withMonitorIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static PythonLocust webMaster(Path dir, int port, int webPort, CountingTarget target) throws IOException {
        return PythonLocust.startWebMaster(
                dir, PythonLocust.LOCUSTFILE, port, webPort, 3, target.url(), "--stop-timeout", "3");
    }

    @Test
    void pythonMasterSeesTheJavaWorkersVersionUsageLogsAndOptions(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        int webPort = PythonLocust.freePort();
        String web = "http://127.0.0.1:" + webPort;
        try (CountingTarget target = new CountingTarget();
                PythonLocust master = webMaster(dir, port, webPort, target);
                InProcessWorker worker = InProcessWorker.connected(quickSettings(port), InProcessWorker.PACED)) {
            WorkerRunner runner = worker.worker();
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(runner.master().spawnedUserCount())
                            .as(master::log)
                            .isEqualTo(3));
            assertThat(runner.master().index()).isZero();
            // Locust's spawn carries vars(parsed_options) and the master's --stop-timeout, which a worker obeys.
            assertThat(runner.master().options()).containsEntry("num_users", 3L).containsEntry("stop_timeout", 3L);
            assertThat(worker.runner().stopTimeout()).isEqualTo(Duration.ofSeconds(3));

            AtomicReference<JsonNode> seen = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode stats = HttpJson.getOrNull(web + "/stats/requests");
                seen.set(stats);
                assertThat(stats).as(master::log).isNotNull();
                assertThat(stats.path("workers").size()).as("%s", stats).isEqualTo(1);
                assertThat(stats.path("workers").get(0).path("memory_usage").asLong())
                        .as("%s", stats)
                        .isPositive();
            });
            JsonNode reported = seen.get().path("workers").get(0);
            assertThat(reported.path("id").asText()).isEqualTo(runner.nodeId());
            assertThat(reported.path("user_count").asInt()).isEqualTo(3);
            // The resident set of a JVM that runs users is tens of MiB at least, far above its heap's few.
            assertThat(reported.path("memory_usage").asLong()).isGreaterThan(30L << 20);
            assertThat(reported.path("cpu_usage").isNumber()).isTrue();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode logs = HttpJson.getOrNull(web + "/logs");
                assertThat(logs).as(master::log).isNotNull();
                assertThat(logs.path("workers").path(runner.nodeId()).size())
                        .as("%s", logs)
                        .isPositive();
            });
            JsonNode lines = HttpJson.get(web + "/logs").path("workers").path(runner.nodeId());
            assertThat(lines.toString()).contains("Connected to master");

            assertThat(master.log())
                    .doesNotContain("running a different version")
                    .doesNotContain("Unknown message type");
        }
    }

    @Test
    void javaWorkerWithoutTheUserClassReportsAnExceptionToAPythonMaster(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        int webPort = PythonLocust.freePort();
        TaskFile other =
                new TaskFile(List.of(new UserClassSpec("OtherUser", 1, WaitTimeSpec.NONE, List.of(TaskSpec.GET_ROOT))));
        try (CountingTarget target = new CountingTarget();
                PythonLocust master = webMaster(dir, port, webPort, target);
                InProcessWorker worker = InProcessWorker.connected(quickSettings(port), other)) {
            AtomicReference<JsonNode> seen = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode exceptions = HttpJson.getOrNull("http://127.0.0.1:" + webPort + "/exceptions");
                seen.set(exceptions);
                assertThat(exceptions).as(master::log).isNotNull();
                assertThat(exceptions.path("exceptions").size()).as(master::log).isPositive();
            });
            JsonNode exception = seen.get().path("exceptions").get(0);
            assertThat(exception.path("msg").asText()).contains("unknown user class 'WebsiteUser'");
            assertThat(exception.path("nodes").toString())
                    .contains(worker.worker().nodeId());
            assertThat(target.requests()).isZero();
        }
    }
}
