package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.stats.StatsEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Python Locust worker (Debian's 2.12.1) under our master. */
class PythonWorkerInteropTest {

    @Test
    void pythonWorkerCarriesLoadThatTheMasterCounts(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        try (CountingTarget target = new CountingTarget()) {
            MasterRunner master = new MasterRunner(MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), target.url()));
            try (PythonLocust worker = PythonLocust.start(dir, "--worker", "--master-host", "127.0.0.1",
                    "--master-port", String.valueOf(master.port()))) {
                assertThat(master.awaitWorkers(1, Duration.ofSeconds(20))).as(worker::log).isTrue();

                master.start(3, 10, null);
                Eventually.await(Duration.ofSeconds(15), () -> master.stats().total().numRequests() >= 20,
                        () -> master.stats().total() + "\n" + worker.log());
                assertThat(master.state()).isEqualTo(RunnerState.RUNNING);
                assertThat(master.userCount()).isEqualTo(3);
                assertThat(master.workers()).singleElement().satisfies(w -> {
                    assertThat(w.state()).isEqualTo(RunnerState.RUNNING);
                    assertThat(w.userCount()).isEqualTo(3);
                    assertThat(w.memoryUsage()).isPositive();
                });

                master.quit();
                assertThat(worker.waitFor(15)).as(worker::log).isZero();
            }
            StatsEntry total = master.stats().total();
            // Locust kills its users on stop, so up to one request per user may reach the
            // target without being recorded; nothing may be counted that did not happen.
            assertThat(total.numRequests()).isBetween(target.requests() - 3, target.requests());
            assertThat(total.numFailures()).isZero();
            assertThat(total.histogram()).as("Python peers send Locust buckets only").isNull();
            assertThat(master.stats().entries()).singleElement()
                    .satisfies(e -> assertThat(e.method() + " " + e.name()).isEqualTo("GET /"));
        }
    }
}
