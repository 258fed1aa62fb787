package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.testing.peers.Peers;
import io.github.oteldemo.testing.prometheus.PrometheusText;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real statsd_exporter (the sidecar image's release, from {@code scripts/peers.sh}) started
 * for a test class with the chart's mapping file and the chart's sidecar flags, on free loopback
 * ports instead of the pod's. Missing, it skips the class locally and fails it under CI=true.
 */
final class StatsdExporter implements BeforeAllCallback, AfterAllCallback {

    /** Flags whose value is the pod's, not a loopback test's: the test sets its own. */
    private static final List<String> PER_POD_FLAGS = List.of(
            "--statsd.mapping-config=", "--statsd.listen-udp=", "--statsd.listen-tcp=", "--web.listen-address=");

    private static final Pattern ARG = Pattern.compile("^\\s*- (--\\S+)\\s*$");
    private static final Duration START_PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private Path log;
    private int udpPort;
    private int webPort;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path binary = Peers.require("statsd_exporter");
        Path chart = chartDirectory();
        udpPort = freeUdpPort();
        webPort = freeTcpPort();
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--statsd.mapping-config=" + chart.resolve("files/statsd-mapping.yml"),
                "--statsd.listen-udp=127.0.0.1:" + udpPort,
                "--statsd.listen-tcp=",
                "--web.listen-address=127.0.0.1:" + webPort));
        command.addAll(sidecarFlags(chart.resolve("templates/flask-app/deployment.yaml")));
        log = Files.createTempFile("statsd-exporter", ".log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(START_PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .failFast("statsd_exporter exited: " + command, () -> !process.isAlive())
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    int udpPort() {
        return udpPort;
    }

    PrometheusText scrape() {
        try {
            HttpResponse<String> response = get("/metrics");
            assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new AssertionError("statsd_exporter's /metrics: " + e + "; its log: " + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Path chartDirectory() {
        String chart = System.getProperty("chart.directory");
        assertThat(chart)
                .as("system property chart.directory (set by the module's pom)")
                .isNotBlank();
        return Path.of(chart);
    }

    /**
     * The arguments the chart gives the statsd-exporter container, read from the template: the
     * test runs the exporter as the pod does, whatever flags the chart adds later.
     */
    static List<String> sidecarFlags(Path template) throws IOException {
        List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
        int container = lines.indexOf(lines.stream()
                .filter(l -> l.strip().equals("- name: statsd-exporter"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statsd-exporter container in " + template)));
        int args = container;
        while (args < lines.size() && !lines.get(args).strip().equals("args:")) {
            args++;
        }
        List<String> flags = new ArrayList<>();
        for (int i = args + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("#")) {
                continue;
            }
            Matcher arg = ARG.matcher(lines.get(i));
            if (!arg.matches()) {
                break;
            }
            flags.add(arg.group(1));
        }
        assertThat(flags)
                .as("the statsd-exporter container's args in %s", template)
                .isNotEmpty();
        flags.removeIf(flag -> PER_POD_FLAGS.stream().anyMatch(flag::startsWith));
        return flags;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
