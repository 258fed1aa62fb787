package io.github.oteldemo.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake: one line on stderr, exit code 2, no stack trace. */
class LoaderBadInputTest {

    @TempDir
    Path dir;

    private static void assertUsageError(LoaderRun run, String expected) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(expected);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unreachableMasterIsOneLineAndExitCodeOne() throws Exception {
        int nobody;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = free.getLocalPort();
        }
        LoaderRun run = LoaderRun.of(
                "--worker",
                "--master-host",
                "127.0.0.1",
                "--master-port",
                String.valueOf(nobody),
                "--master-connect-timeout",
                "1s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines()).singleElement().asString().contains("127.0.0.1:" + nobody);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aBadOpenTelemetrySettingWithOtelIsOneLine() {
        // Autoconfigure reads system properties over the environment: the same check as OTEL_TRACES_EXPORTER=zipkinn.
        System.setProperty("otel.traces.exporter", "zipkinn");
        try {
            LoaderRun run = LoaderRun.of("--headless", "--otel", "-H", "http://127.0.0.1:9", "-t", "1s");
            assertUsageError(run, "--otel: ");
            assertThat(run.err()).contains("zipkinn");
        } finally {
            System.clearProperty("otel.traces.exporter");
        }
    }

    @Test
    void unknownFlag() {
        assertUsageError(LoaderRun.of("--headless", "--userz", "5"), "Unknown options: '--userz', '5'");
        assertUsageError(LoaderRun.of("--headless", "--userz=5"), "Unknown option: '--userz=5'");
    }

    @Test
    void badNumbers() {
        assertUsageError(LoaderRun.of("-u", "many"), "'many' is not an int");
        assertUsageError(LoaderRun.of("-r", "0"), "--spawn-rate must be a number > 0");
        assertUsageError(LoaderRun.of("-u", "-3"), "--users must be >= 0");
        assertUsageError(LoaderRun.of("-t", "ten minutes"), "invalid time span 'ten minutes'");
        assertUsageError(
                LoaderRun.of("--web-port", "70000"),
                "Invalid value for option '--web-port': must be a port number (0-65535), got 70000");
        assertUsageError(
                LoaderRun.of("--worker", "--master-port", "http"),
                "Invalid value for option '--master-port': 'http' is not a port number (0-65535)");
        assertUsageError(
                LoaderRun.of("--worker", "--master-connect-timeout", "0s"),
                "--master-connect-timeout must be longer than 0s");
        assertUsageError(
                LoaderRun.of("--master", "--heartbeat-liveness", "0s"), "--heartbeat-liveness must be longer than 0s");
        assertUsageError(LoaderRun.of("--master", "--missing-worker-timeout", "soon"), "invalid time span 'soon'");
        assertUsageError(
                LoaderRun.of("--master", "--master-bind-port", "65536"),
                "Invalid value for option '--master-bind-port': must be a port number (0-65535), got 65536");
    }

    @Test
    void badEnvironmentValuesAreReportedLikeFlags() {
        assertUsageError(LoaderRun.of(Map.of("LOCUST_USERS", "lots")), "'lots' is not an int");
        assertUsageError(
                LoaderRun.of(Map.of("LOCUST_MODE", "boss")), "must be standalone, master or worker, got 'boss'");
        assertUsageError(LoaderRun.of(Map.of("TARGET_HOST", "ftp://x")), "must start with http:// or https://");
    }

    @Test
    void malformedAndUnresolvableHost() {
        assertUsageError(LoaderRun.of("--headless", "-H", "localhost:8080"), "malformed host 'localhost:8080'");
        assertUsageError(LoaderRun.of("--headless", "-H", "http://exa mple.com"), "malformed host");
        assertUsageError(LoaderRun.of("--headless"), "no host given");
        assertUsageError(
                LoaderRun.of("--headless", "-H", "http://no-such-host.invalid"),
                "unreachable host 'http://no-such-host.invalid'");
    }

    @Test
    void missingAndInvalidTaskFile() throws IOException {
        assertUsageError(
                LoaderRun.of(
                        "--headless",
                        "-H",
                        "http://127.0.0.1:1",
                        "-f",
                        dir.resolve("nope.yaml").toString()),
                "no such file");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "users:\n  - name: A\n    tasks:\n      - {path: /, method: FETCH}\n");
        assertUsageError(LoaderRun.of("--headless", "-H", "http://127.0.0.1:1", "-f", bad.toString()), "line 4");
    }

    @Test
    void conflictingModesAndBadThresholds() {
        assertUsageError(LoaderRun.of("--master", "--worker"), "--master and --worker cannot be used together");
        assertUsageError(LoaderRun.of("--threshold", "p95 below 200"), "invalid --threshold 'p95 below 200'");
        assertUsageError(LoaderRun.of("--threshold", "fail_ratio<2ms"), "fail_ratio takes a fraction");
        assertUsageError(LoaderRun.of("--web-auth", "nopassword"), "--web-auth must look like user:password");
    }

    @Test
    void helpListsTheExitCodes() {
        LoaderRun run = LoaderRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--spawn-rate").contains("LOCUST_").contains("3   a --threshold was not met");
    }
}
