package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.PythonLocustfile;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Python worker started with {@code -f -} runs the locustfile our master generates from its task file. */
class PythonLocustfileInteropTest {

    private static final String TASKS = """
            users:
              - name: WebsiteUser
                weight: 3
                wait_time: {type: between, min: 0.01, max: 0.02}
                tasks:
                  - {path: /, weight: 2}
                  - name: create
                    method: POST
                    path: /api/items?x=1
                    headers: {Content-Type: application/json, X-Test: "it's \\"quoted\\""}
                    body: '{"a": 1}'
                    expect_status: [201]
              - name: Pacer
                wait_time: {type: constant, seconds: 0.02}
                tasks:
                  - {path: /created, expect_status: [200]}
            """;

    @Test
    void pythonWorkerRunsTheGeneratedLocustfile(@TempDir Path dir) throws Exception {
        PythonLocust.assumeInstalled();
        Path yaml = dir.resolve("tasks.yaml");
        Files.writeString(yaml, TASKS);
        TaskFile tasks = TaskFile.load(yaml);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Map<String, AtomicLong> arrived = new ConcurrentHashMap<>();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        target.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().toString();
            arrived.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicLong())
                    .incrementAndGet();
            seen.add(exchange.getRequestMethod() + " " + path + " "
                    + exchange.getRequestHeaders().getFirst("X-Test") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            int status = path.startsWith("/api/items") || path.equals("/created") ? 201 : 200;
            exchange.sendResponseHeaders(status, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes(StandardCharsets.UTF_8));
            }
        });
        target.start();
        String url = "http://127.0.0.1:" + target.getAddress().getPort();
        Map<String, Integer> weights = new LinkedHashMap<>();
        tasks.users().forEach(u -> weights.put(u.name(), u.weight()));
        MasterRunner master = new MasterRunner(MasterSettings.of("127.0.0.1", 0, weights, url)
                .withLocustfile(PythonLocustfile.of(tasks, "tasks.yaml")));
        try (PythonLocust worker = PythonLocust.startFile(
                dir, "-", "--worker", "--master-host", "127.0.0.1", "--master-port", String.valueOf(master.port()))) {
            assertThat(master.awaitWorkers(1, Duration.ofSeconds(30)))
                    .as(worker::log)
                    .isTrue();
            master.start(4, 100, null);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(master.userCount()).as(worker::log).isEqualTo(4);
                assertThat(names(master)).as(worker::log).contains("/", "create", "/created");
                assertThat(master.stats().errors()).as(worker::log).isNotEmpty();
            });

            // The generated tasks carry the Java task names, which update_user_class keeps by.
            master.updateUserClass(Map.of("user_class_name", "WebsiteUser", "tasks", List.of("create")));
            Thread.sleep(500);
            long roots = count(arrived, "GET /");
            long creates = count(arrived, "POST /api/items?x=1");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(count(arrived, "POST /api/items?x=1"))
                            .as(worker::log)
                            .isGreaterThan(creates + 20));
            assertThat(count(arrived, "GET /")).as(worker::log).isEqualTo(roots);
            master.stop();
        } finally {
            master.quit();
            target.stop(0);
        }
        assertThat(seen)
                .contains("POST /api/items?x=1 it's \"quoted\" application/json {\"a\": 1}")
                .anyMatch(s -> s.startsWith("GET / null"));
        // Expected 201 counts as a success; an unexpected one fails with the Java users' text.
        assertThat(master.stats().entries())
                .filteredOn(e -> e.name().equals("create"))
                .singleElement()
                .satisfies(e -> assertThat(e.numFailures()).isZero());
        assertThat(master.stats().errors())
                .extracting(StatsError::describe)
                .containsExactly("GET /created: 'Unexpected status 201, expected one of [200]'");
    }

    private static long count(Map<String, AtomicLong> arrived, String request) {
        AtomicLong count = arrived.get(request);
        return count == null ? 0 : count.get();
    }

    private static List<String> names(MasterRunner master) {
        return master.stats().entries().stream().map(StatsEntry::name).toList();
    }
}
