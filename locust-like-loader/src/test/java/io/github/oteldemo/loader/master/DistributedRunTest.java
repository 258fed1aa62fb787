package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.loader.Loader;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.runner.WorkerInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our master with our workers, over loopback. */
class DistributedRunTest {

    private static MasterSettings settings(CountingTarget target) {
        return MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), target.url())
                .withHeartbeat(Duration.ofSeconds(2), Duration.ofSeconds(3))
                // Workers take the stop timeout from the master: users finish the request in flight, none is lost.
                .withStopTimeout(2.0);
    }

    private static int users(MasterRunner master, String id) {
        return master.workers().stream()
                .filter(w -> w.id().equals(id))
                .mapToInt(WorkerInfo::userCount)
                .sum();
    }

    @Test
    void aWorkerLeavingCleanlyLosesNoRequestAndItsUsersMove() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            MasterRunner master = new MasterRunner(settings(target));
            try (InProcessWorker first = InProcessWorker.connectedTo(master.port());
                    InProcessWorker second = InProcessWorker.connectedTo(master.port())) {
                master.start(4, 100, null);
                String firstId = first.worker().nodeId();
                String secondId = second.worker().nodeId();
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.workers())
                                .extracting(WorkerInfo::id, WorkerInfo::userCount)
                                .containsExactlyInAnyOrder(tuple(firstId, 2), tuple(secondId, 2)));
                Thread.sleep(1_500);

                first.close();
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.workers())
                                .extracting(WorkerInfo::id, WorkerInfo::userCount)
                                .containsExactly(tuple(secondId, 4)));
                assertThat(second.runner().userCount()).isEqualTo(4);
                Thread.sleep(1_000);

                master.stop();
                assertThat(master.state()).isEqualTo(RunnerState.STOPPED);
                assertThat(master.stats().total().numRequests()).isPositive().isEqualTo(target.requests());
                assertThat(master.stats().total().histogram())
                        .as("Java peers keep exact histograms")
                        .isNotNull();
                master.quit();
                second.worker().awaitQuit();
            } finally {
                master.quit();
            }
        }
    }

    @Test
    void aKilledWorkerGoesMissingItsUsersMoveAndItIsForgotten(@TempDir Path dir) throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            // --enable-rebalancing: a missing worker's users move at once, not only once it is forgotten.
            MasterRunner master = new MasterRunner(settings(target).withRebalancing(true));
            Process killed = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            Loader.class.getName(),
                            "--worker",
                            "--master-host",
                            "127.0.0.1",
                            "--master-port",
                            String.valueOf(master.port())))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker.log").toFile())
                    .start();
            try (InProcessWorker survivor = InProcessWorker.connectedTo(master.port())) {
                master.awaitWorkers(2, Duration.ofSeconds(20));
                master.start(4, 100, null);
                String survivorId = survivor.worker().nodeId();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(master.userCount()).as("%s", master.workers()).isEqualTo(4);
                    assertThat(users(master, survivorId))
                            .as("%s", master.workers())
                            .isEqualTo(2);
                });

                killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                long killedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(6))
                        .untilAsserted(() -> assertThat(master.workers())
                                .extracting(WorkerInfo::state)
                                .contains(RunnerState.MISSING));
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(users(master, survivorId))
                                .as("users on the survivor of %s", master.workers())
                                .isEqualTo(4));
                assertThat(master.workers())
                        .as("the missing worker is still listed")
                        .hasSize(2);
                assertThat(master.userCount()).isEqualTo(4);
                // As Locust, the master is running again once the workers reported the moved users (at most 1 s).
                await().atMost(Duration.ofSeconds(3))
                        .untilAsserted(() -> assertThat(master.state()).isEqualTo(RunnerState.RUNNING));

                await().atMost(Duration.ofSeconds(8))
                        .untilAsserted(() -> assertThat(master.workers()).hasSize(1));
                master.quit();
                survivor.worker().awaitQuit();
            } finally {
                killed.destroyForcibly();
                master.quit();
            }
        }
    }

    @Test
    void aUserClassTheWorkerDoesNotKnowIsReportedToTheMaster() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            MasterRunner master = new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of("Ghost", 1), target.url()));
            try (InProcessWorker worker = InProcessWorker.connectedTo(master.port())) {
                master.start(2, 100, null);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(master.exceptions())
                                .as("exceptions from %s", master.workers())
                                .isNotEmpty());
                assertThat(master.exceptions()).singleElement().satisfies(e -> {
                    assertThat(e.message())
                            .isEqualTo("unknown user class 'Ghost' (this task file defines [WebsiteUser])");
                    assertThat(e.nodes()).containsExactly(worker.worker().nodeId());
                });
                assertThat(worker.runner().userCount()).isZero();
                assertThat(target.requests()).isZero();
            } finally {
                master.quit();
            }
        }
    }
}
