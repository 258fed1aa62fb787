package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.log.RecentLogs;
import io.github.oteldemo.loader.worker.WorkerRunner;
import io.github.oteldemo.loader.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our master and our worker over loopback: everything besides users that Locust 2.47's master and worker exchange. */
class MasterWorkerExchangeTest {

    private static WorkerSettings quick(int port) {
        return WorkerSettings.of("127.0.0.1", port)
                .withConnectTimeout(Duration.ofSeconds(20))
                .withReportInterval(Duration.ofSeconds(1))
                .withMonitorIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void indexOptionsStopTimeoutSpawningCompleteUserClassUpdatesUsageAndLogs() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            MasterRunner master =
                    new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), target.url())
                            .withStopTimeout(1.5)
                            .withParsedOptions(Map.of("num_users", 2, "my_custom_flag", "on")));
            try (InProcessWorker worker = InProcessWorker.connected(quick(master.port()), InProcessWorker.PACED)) {
                WorkerRunner runner = worker.worker();
                assertThat(runner.master().index()).isZero();

                master.start(2, 100, null);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(runner.master().spawnedUserCount())
                                .as("spawning_complete from the master of %s", master.workers())
                                .isEqualTo(2));
                assertThat(runner.master().options())
                        .containsEntry("my_custom_flag", "on")
                        .containsEntry("num_users", 2L);
                assertThat(worker.runner().stopTimeout()).isEqualTo(Duration.ofMillis(1500));

                master.updateUserClass(Map.of("user_class_name", "WebsiteUser", "weight", 3));
                await().atMost(Duration.ofSeconds(5))
                        .alias("update_user_class reaches the worker")
                        .until(() -> !runner.master().userClassUpdate().isEmpty());
                assertThat(runner.master().userClassUpdate())
                        .containsEntry("user_class_name", "WebsiteUser")
                        .containsEntry("weight", 3L);

                // Heartbeats carry psutil-like figures: the resident set of a JVM is far above a few MiB.
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.workers())
                                .singleElement()
                                .satisfies(w -> assertThat(w.memoryUsage()).isGreaterThan(30L << 20)));
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.workerLogs()).containsKey(runner.nodeId()));
                assertThat(master.workerLogs().get(runner.nodeId())).anyMatch(l -> l.contains("/INFO/"));
                master.stop();
            } finally {
                master.quit();
            }
            assertThat(RecentLogs.lines()).noneMatch(l -> l.contains("different version"));
        }
    }

    @Test
    void aWorkerWithoutTheUserClassReportsAnException() throws Exception {
        TaskFile other =
                new TaskFile(List.of(new UserClassSpec("OtherUser", 1, WaitTimeSpec.NONE, List.of(TaskSpec.GET_ROOT))));
        try (CountingTarget target = new CountingTarget()) {
            MasterRunner master =
                    new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), target.url()));
            try (InProcessWorker worker = InProcessWorker.connected(quick(master.port()), other)) {
                master.start(1, 10, null);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.exceptions()).isNotEmpty());
                assertThat(master.exceptions()).singleElement().satisfies(e -> {
                    assertThat(e.message()).contains("unknown user class 'WebsiteUser'");
                    assertThat(e.nodes()).containsExactly(worker.worker().nodeId());
                });
            } finally {
                master.quit();
            }
        }
    }

    @Test
    void javaAndPythonWorkersReachAMasterOnIpv6(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ipv6Loopback(), "skipped: this machine has no IPv6 loopback");
        PythonLocust.assumeInstalled();
        try (CountingTarget target = new CountingTarget()) {
            // The wildcard bind takes IPv6 and IPv4 peers alike, as Locust's dual-stack socket does.
            MasterRunner master = new MasterRunner(MasterSettings.of("*", 0, Map.of("WebsiteUser", 1), target.url()));
            try (InProcessWorker java = InProcessWorker.connected(
                            quick(master.port()).withMasterHost("::1"), InProcessWorker.PACED);
                    InProcessWorker java4 = InProcessWorker.connected(quick(master.port()), InProcessWorker.PACED);
                    PythonLocust python = PythonLocust.start(
                            dir, "--worker", "--master-host", "::1", "--master-port", String.valueOf(master.port()))) {
                assertThat(master.awaitWorkers(3, Duration.ofSeconds(20)))
                        .as(python::log)
                        .isTrue();
                master.start(3, 100, null);
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(master.workers())
                                .as(python::log)
                                .hasSize(3)
                                .allSatisfy(w -> assertThat(w.userCount()).isEqualTo(1)));
                master.stop();
            } finally {
                master.quit();
            }
        }
    }

    private static boolean ipv6Loopback() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
