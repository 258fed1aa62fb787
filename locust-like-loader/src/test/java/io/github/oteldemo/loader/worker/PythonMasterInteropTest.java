package io.github.oteldemo.loader.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.master.CountingTarget;
import io.github.oteldemo.loader.master.Eventually;
import io.github.oteldemo.loader.master.InProcessWorker;
import io.github.oteldemo.loader.master.PythonLocust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our worker under a real Python Locust master (Debian's 2.12.1). */
class PythonMasterInteropTest {

    private static PythonLocust headlessMaster(Path dir, int port, CountingTarget target, String runTime) throws IOException {
        return PythonLocust.start(dir, "--master", "--headless", "--expect-workers", "1", "-u", "3", "-r", "10",
                "-t", runTime, "--master-bind-host", "127.0.0.1", "--master-bind-port", String.valueOf(port),
                "-H", target.url(), "--csv", dir.resolve("run").toString());
    }

    /** @return the Aggregated row's "Request Count" of Locust's {@code _stats.csv} */
    private static long aggregatedRequests(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("run_stats.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        String aggregated = lines.stream().filter(l -> l.contains(",Aggregated,")).findFirst().orElseThrow();
        return Long.parseLong(aggregated.split(",")[header.indexOf("Request Count")]);
    }

    @Test
    void javaWorkerCarriesLoadThatAPythonMasterCounts(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        int port = PythonLocust.freePort();
        try (CountingTarget target = new CountingTarget();
                PythonLocust master = headlessMaster(dir, port, target, "4s");
                InProcessWorker worker = InProcessWorker.connectedTo(port)) {
            Eventually.await(Duration.ofSeconds(10), () -> worker.runner().userCount() == 3, master::log);
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
                Eventually.await(Duration.ofSeconds(10), () -> worker.runner().userCount() == 3, first::log);

                first.kill();
                Eventually.await(Duration.ofSeconds(8), () -> !worker.worker().registered()
                        && worker.runner().userCount() == 0, () -> "worker still registered or running users");

                Files.deleteIfExists(dir.resolve("run_stats.csv"));
                try (PythonLocust second = headlessMaster(dir, port, target, "3s")) {
                    Eventually.await(Duration.ofSeconds(15), () -> worker.worker().registered(), second::log);
                    worker.worker().awaitQuit();
                    assertThat(second.waitFor(20)).as(second::log).isZero();
                    assertThat(aggregatedRequests(dir)).as(second::log).isPositive();
                }
            } finally {
                first.close();
            }
        }
    }
}
