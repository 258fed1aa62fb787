package io.github.oteldemo.loader.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real headless Chromium showing one page, driven over the DevTools protocol with the JDK's
 * WebSocket client (only {@code Runtime.evaluate} is needed, so no WebDriver stack).
 */
final class DevToolsPage implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process browser;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private DevToolsPage(Process browser, Path profile, WebSocket socket) {
        this.browser = browser;
        this.profile = profile;
        this.socket = socket;
    }

    static DevToolsPage open(String url) throws Exception {
        Path profile = Files.createTempDirectory("loader-chromium");
        Process browser = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        await(Duration.ofSeconds(30), () -> Files.exists(portFile) && fileHasTwoLines(portFile), "chromium to start");
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pageSocket == null && System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            for (JsonNode target : targets) {
                if (target.get("type").asText().equals("page")
                        && target.get("url").asText().startsWith(url)) {
                    pageSocket = target.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        if (pageSocket == null) {
            browser.destroyForcibly();
            throw new IllegalStateException("chromium did not open " + url);
        }
        DevToolsPage[] page = new DevToolsPage[1];
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            page[0].dispatch(message.toString());
                            message.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        page[0] = new DevToolsPage(browser, profile, socket);
        return page[0];
    }

    private static boolean fileHasTwoLines(Path file) {
        try {
            return Files.readAllLines(file).size() >= 2;
        } catch (IOException e) {
            return false;
        }
    }

    private void dispatch(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply =
                        pending.remove(message.get("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value (awaiting promises). */
    JsonNode evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
        command.putObject("params")
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true);
        socket.sendText(JSON.writeValueAsString(command), true).get(5, TimeUnit.SECONDS);
        JsonNode result = reply.get(10, TimeUnit.SECONDS);
        if (result.has("error") || result.get("result").has("exceptionDetails")) {
            throw new IllegalStateException("evaluation failed: " + result);
        }
        return result.get("result").get("result").get("value");
    }

    /** Waits until a JavaScript condition holds in the page. */
    void awaitTrue(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode value = evaluate(condition);
                if (value != null && value.asBoolean()) {
                    return;
                }
            } catch (IllegalStateException pageNotReady) {
                // The page is still loading: its elements do not exist yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + condition + "; page: "
                + evaluate("document.body.innerText.slice(0, 2000)"));
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        List<ProcessHandle> helpers = browser.descendants().toList();
        browser.destroy();
        if (!browser.waitFor(5, TimeUnit.SECONDS)) {
            browser.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // Chromium's helpers may still be removing files of their own; a leftover temp dir is harmless.
        }
    }

    static List<String> chromiumMissingReason() {
        return Files.isExecutable(CHROMIUM)
                ? List.of()
                : List.of(CHROMIUM + " is not installed (apt-get install chromium)");
    }
}
