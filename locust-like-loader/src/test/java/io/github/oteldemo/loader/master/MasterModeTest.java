package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.LoaderRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --master} through the command line, as the chart runs it. */
class MasterModeTest {

    @Test
    void headlessMasterRunsItsWorkersAndReportsWhatTheyDid() throws Exception {
        int port = PythonLocust.freePort();
        try (CountingTarget target = new CountingTarget()) {
            CompletableFuture<LoaderRun> master = CompletableFuture.supplyAsync(() -> LoaderRun.of(
                    "--master",
                    "--headless",
                    "--master-bind-host",
                    "127.0.0.1",
                    "--master-bind-port",
                    String.valueOf(port),
                    "--expect-workers",
                    "1",
                    "--expect-workers-max-wait",
                    "20",
                    "-u",
                    "2",
                    "-r",
                    "10",
                    "-t",
                    "3s",
                    "-H",
                    target.url()));
            try (InProcessWorker worker = InProcessWorker.connectedTo(port)) {
                worker.worker().awaitQuit();
            }
            LoaderRun outcome = master.get(30, TimeUnit.SECONDS);
            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(outcome.out()).contains("Aggregated").contains("GET");
            assertThat(target.requests()).isPositive();
        }
    }

    @Test
    void busyMasterPortIsOneClearLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LoaderRun outcome = LoaderRun.of(
                    "--master",
                    "--headless",
                    "--master-bind-host",
                    "127.0.0.1",
                    "--master-bind-port",
                    String.valueOf(busy.getLocalPort()),
                    "-H",
                    "http://127.0.0.1:9");
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.err().strip())
                    .startsWith("locust-like-loader: cannot bind the master port 127.0.0.1:" + busy.getLocalPort())
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void noWorkersInTimeIsOneClearLine() throws Exception {
        LoaderRun outcome = LoaderRun.of(
                "--master",
                "--headless",
                "--master-bind-host",
                "127.0.0.1",
                "--master-bind-port",
                String.valueOf(PythonLocust.freePort()),
                "--expect-workers",
                "2",
                "--expect-workers-max-wait",
                "1",
                "-H",
                "http://127.0.0.1:9");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip())
                .isEqualTo("locust-like-loader: gave up waiting for workers: 0 of 2 connected within 1 s");
    }
}
