package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.Loader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --master} through the command line, as the chart runs it. */
class MasterModeTest {

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Loader.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void headlessMasterRunsItsWorkersAndReportsWhatTheyDid() throws Exception {
        int port = PythonLocust.freePort();
        try (CountingTarget target = new CountingTarget()) {
            CompletableFuture<Outcome> master = CompletableFuture.supplyAsync(() -> run(
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
            Outcome outcome = master.get(30, TimeUnit.SECONDS);
            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(outcome.out()).contains("Aggregated").contains("GET");
            assertThat(target.requests()).isPositive();
        }
    }

    @Test
    void busyMasterPortIsOneClearLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome outcome = run(
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
        Outcome outcome = run(
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
