package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The StatsD reporter, configured as {@code metrics.reporters: - type: statsd}, sends the
 * registry to a real UDP socket in plain StatsD; the module's statsd-exporter mapping gives the
 * important lines tidy Prometheus names.
 */
class StatsdReporterTest {

    private static final int HELLOS = 5;
    private static final String JETTY = "flask_app.io.dropwizard.jetty.MutableServletContextHandler.";
    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$\\{(\\d+)}|\\$(\\d+)");
    private static final Pattern LINE = Pattern.compile("([^:|]+):([^|]+)\\|(c|g)");

    private static final DatagramSocket STATSD = openStatsd();
    @RegisterExtension
    @Order(1)
    static final CloseAfterAll CLOSE_STATSD = new CloseAfterAll(STATSD);
    @RegisterExtension
    @Order(2)
    static final DropwizardAppExtension<FlaskAppConfiguration> APP = new DropwizardAppExtension<>(
            FlaskAppApplication.class, ResourceHelpers.resourceFilePath("statsd-test-config.yml"),
            ConfigOverride.config("metrics.reporters[0].port", () -> Integer.toString(STATSD.getLocalPort())),
            ConfigOverride.config("otel.", "sdk.disabled", "true"));

    @Test
    void sendsCountersAsDeltasAndGaugesAndTimersAsGaugesThatTheMappingNames() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < HELLOS; i++) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }

        List<StatsdLine> lines = receiveUntilRequestsAdd(HELLOS);

        assertThat(lines).anySatisfy(line -> {
            assertThat(line.name()).isEqualTo("flask_app.org.eclipse.jetty.util.thread.QueuedThreadPool.dw.size");
            assertThat(line.type()).isEqualTo("g");
            assertThat(line.value()).isPositive();
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.name()).isEqualTo(JETTY + "requests.p99");
            assertThat(line.type()).isEqualTo("g");
            // Jetty times requests in whole milliseconds, so a fast hello is often 0 s.
            assertThat(line.value()).as("seconds").isGreaterThanOrEqualTo(0).isLessThan(5);
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.name()).isEqualTo(JETTY + "active-requests");
            assertThat(line.type()).isEqualTo("g");
        });

        Map<String, String> prometheusNames = new LinkedHashMap<>();
        List<Mapping> mappings = mappings();
        for (StatsdLine line : lines) {
            map(mappings, line.name()).ifPresent(name -> prometheusNames.putIfAbsent(line.name(), name));
        }
        assertThat(prometheusNames).contains(
                Map.entry(JETTY + "requests.count", "flask_app_http_requests_total"),
                Map.entry(JETTY + "2xx-responses.count", "flask_app_http_responses_total"),
                Map.entry(JETTY + "requests.p99", "flask_app_http_request_duration_seconds"),
                Map.entry(JETTY + "active-requests", "flask_app_http_active_requests"),
                Map.entry("flask_app.org.eclipse.jetty.util.thread.QueuedThreadPool.dw.utilization", "flask_app_jetty_threadpool_utilization_ratio"),
                Map.entry(JETTY + "get-requests.count", "flask_app_http_requests_by_method_total"));
        assertThat(prometheusNames.values()).allMatch(name -> name.matches("flask_app_[a-z0-9_]+"));
        // The JVM set is registered by Application.run(String...), which in-process tests skip.
        assertThat(map(mappings, "flask_app.jvm.memory.heap.used")).hasValue("flask_app_jvm_memory_bytes");
        assertThat(map(mappings, "flask_app.jvm.threads.runnable.count")).hasValue("flask_app_jvm_threads");
        assertThat(map(mappings, "flask_app.jvm.gc.G1-Young-Generation.count")).hasValue("flask_app_jvm_gc_collections");
        assertThat(map(mappings, "flask_app.TimeBoundHealthCheck-pool.running")).isEmpty();
    }

    /**
     * Reads reports until the request counter's deltas add up to what was sent, and then one
     * more report (a second), so that the rest of that report has arrived too.
     */
    private static List<StatsdLine> receiveUntilRequestsAdd(int requests) throws IOException {
        List<StatsdLine> lines = new ArrayList<>();
        long counted = 0;
        byte[] buffer = new byte[65_536];
        long deadline = System.nanoTime() + 15_000_000_000L;
        long oneMoreReport = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, oneMoreReport)) {
            if (counted >= requests && oneMoreReport == Long.MAX_VALUE) {
                oneMoreReport = System.nanoTime() + 1_500_000_000L;
            }
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                STATSD.receive(packet);
            } catch (SocketTimeoutException quiet) {
                continue;
            }
            for (String text : new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).split("\n")) {
                Matcher matcher = LINE.matcher(text);
                assertThat(matcher.matches()).as("plain StatsD line: %s", text).isTrue();
                StatsdLine line = new StatsdLine(matcher.group(1), Double.parseDouble(matcher.group(2)), matcher.group(3));
                lines.add(line);
                if (line.name().equals(JETTY + "requests.count")) {
                    assertThat(line.type()).isEqualTo("c");
                    counted += (long) line.value();
                }
            }
        }
        assertThat(counted).as("sum of the request counter's deltas").isEqualTo(requests);
        return lines;
    }

    /**
     * statsd-exporter's rule for regex mappings: the first whose pattern is found wins, and
     * {@code $1} or {@code ${1}} in its name stand for the captured groups.
     */
    private static Optional<String> map(List<Mapping> mappings, String name) {
        for (Mapping mapping : mappings) {
            Matcher matcher = mapping.match().matcher(name);
            if (matcher.find()) {
                if ("drop".equals(mapping.action())) {
                    return Optional.empty();
                }
                return Optional.of(GROUP_REFERENCE.matcher(mapping.name())
                        .replaceAll(reference -> Matcher.quoteReplacement(matcher.group(Integer.parseInt(
                                reference.group(1) != null ? reference.group(1) : reference.group(2))))));
            }
        }
        return Optional.empty();
    }

    private static List<Mapping> mappings() throws IOException {
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(Path.of("statsd-mapping.yml").toFile());
        assertThat(file.path("defaults").path("match_type").asText()).isEqualTo("regex");
        List<Mapping> mappings = new ArrayList<>();
        for (JsonNode mapping : file.path("mappings")) {
            mappings.add(new Mapping(Pattern.compile(mapping.path("match").asText()),
                    mapping.path("name").asText(), mapping.path("action").asText("map")));
        }
        return mappings;
    }

    private static DatagramSocket openStatsd() {
        try {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(500);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record StatsdLine(String name, double value, String type) {
    }

    private record Mapping(Pattern match, String name, String action) {
    }
}
