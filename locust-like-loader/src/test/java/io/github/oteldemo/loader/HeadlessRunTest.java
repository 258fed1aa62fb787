package io.github.oteldemo.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headless runs of the real loader against a real HTTP server on loopback. */
class HeadlessRunTest {

    @TempDir
    Path dir;

    private TargetServer target;

    @BeforeEach
    void startTarget() throws IOException {
        target = new TargetServer();
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void countsWhatArrivesWritesLocustCsvsAndExitsOneOnFailures() throws IOException {
        Path tasks = dir.resolve("tasks.yaml");
        Files.writeString(tasks, """
                users:
                  - name: WebsiteUser
                    wait_time: {type: constant, seconds: 0.01}
                    tasks:
                      - {path: /, weight: 3}
                      - {path: /fail, name: failing}
                """);
        String prefix = dir.resolve("run").toString();
        LoaderRun run = LoaderRun.of(
                Map.of("LOCUST_HOST", target.url()),
                "--headless",
                "-f",
                tasks.toString(),
                "-u",
                "4",
                "-r",
                "100",
                "-t",
                "2s",
                "--csv",
                prefix,
                "--csv-full-history",
                "--stop-timeout",
                "2s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("Aggregated")
                .contains("Response time percentiles")
                .contains("Error report")
                .contains("LocustBadStatusCode(code=500)");

        List<String> stats = Files.readAllLines(Path.of(prefix + "_stats.csv"));
        assertThat(stats.get(0))
                .isEqualTo("Type,Name,Request Count,Failure Count,Median Response Time,"
                        + "Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
                        + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
        long okCount = countColumn(stats, "/", 2);
        long failCount = countColumn(stats, "failing", 2);
        assertThat(okCount).isPositive().isEqualTo(target.arrived("GET /"));
        assertThat(failCount).isPositive().isEqualTo(target.arrived("GET /fail"));
        assertThat(countColumn(stats, "failing", 3)).isEqualTo(failCount);
        assertThat(countColumn(stats, "Aggregated", 2)).isEqualTo(okCount + failCount);

        List<String> failures = Files.readAllLines(Path.of(prefix + "_failures.csv"));
        assertThat(failures.get(0)).isEqualTo("Method,Name,Error,Occurrences,First Seen,Last Seen");
        assertThat(failures.get(1))
                .startsWith("GET,failing,LocustBadStatusCode(code=500)," + failCount + ",20")
                .matches(".*,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Files.readAllLines(Path.of(prefix + "_exceptions.csv")).get(0))
                .isEqualTo("Count,Message,Traceback,Nodes");
        List<String> history = Files.readAllLines(Path.of(prefix + "_stats_history.csv"));
        assertThat(history.get(0)).startsWith("Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%");
        assertThat(history)
                .anyMatch(line -> line.contains(",GET,failing,"))
                .anyMatch(line -> line.contains(",,Aggregated,"));
        assertThat(Files.readString(Path.of(prefix + "_stats.csv"))).contains("\r\n");
    }

    private static long countColumn(List<String> csv, String name, int column) {
        return csv.stream()
                .map(line -> line.split(","))
                .filter(cols -> cols[1].equals(name))
                .mapToLong(cols -> Long.parseLong(cols[column]))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void thresholdsDecideTheExitCode() {
        LoaderRun passing = LoaderRun.of(
                "--headless",
                "-H",
                target.url(),
                "-u",
                "2",
                "-r",
                "10",
                "-t",
                "1s",
                "--threshold",
                "fail_ratio<0.01",
                "--threshold",
                "p95<5s,rps>1");
        assertThat(passing.exitCode()).isZero();
        assertThat(passing.out()).contains("threshold 'fail_ratio<0.01' passed").contains("threshold 'rps>1' passed");

        LoaderRun slow = LoaderRun.of(
                "--headless",
                "-H",
                target.url() + "/slow",
                "-u",
                "2",
                "-r",
                "10",
                "-t",
                "1s",
                "--threshold",
                "p95<100ms");
        assertThat(slow.exitCode()).isEqualTo(3);
        // /slow answers after 300 ms; on a busy machine the p95 is anything above that.
        assertThat(slow.err()).containsPattern("threshold 'p95<100ms' failed: p95 was ([3-9]\\d\\d|\\d{4,})ms");
    }

    @Test
    void aRefusedConnectionIsAFailedRequestNotACrash() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LoaderRun run = LoaderRun.of(
                "--headless",
                "-H",
                "http://127.0.0.1:" + closedPort,
                "-u",
                "1",
                "-t",
                "1s",
                "--exit-code-on-error",
                "7");
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(run.out()).contains("ConnectionRefusedError(111, 'Connection refused')");
    }

    @Test
    void arrivalRateHoldsTheRateAndReportsDroppedStarts() {
        LoaderRun run =
                LoaderRun.of("--headless", "-H", target.url(), "--arrival-rate", "200", "-u", "200", "-t", "2s");
        assertThat(run.exitCode()).isZero();
        long arrived = target.arrived("GET /");
        assertThat(arrived).isBetween(300L, 460L);
        assertThat(run.out()).containsPattern("Arrival rate 200\\.0/s: \\d+ starts intended, 0 dropped");

        LoaderRun saturated =
                LoaderRun.of("--headless", "-H", target.url() + "/slow", "--arrival-rate", "50", "-u", "2", "-t", "1s");
        assertThat(saturated.out()).containsPattern("Arrival rate 50\\.0/s: \\d+ starts intended, [1-9]\\d* dropped");
    }
}
