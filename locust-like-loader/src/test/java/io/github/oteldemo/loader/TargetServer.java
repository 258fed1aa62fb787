package io.github.oteldemo.loader;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP target on 127.0.0.1 with a random port: {@code /} answers 200 "Hello World!",
 * {@code /fail} answers 500, {@code /slow} waits 300 ms; it counts what arrives per path.
 */
public final class TargetServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicLong> arrived = new ConcurrentHashMap<>();

    public TargetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            arrived.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicLong())
                    .incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            int status = 200;
            if (path.equals("/fail")) {
                status = 500;
            } else if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (path.equals("/created")) {
                status = 201;
            }
            byte[] body = "Hello World!".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** @return e.g. http://127.0.0.1:41234 */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @param methodAndPath e.g. "GET /" @return requests that arrived */
    public long arrived(String methodAndPath) {
        AtomicLong count = arrived.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
