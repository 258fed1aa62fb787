package io.github.oteldemo.metricsexample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz} for the kubelet's liveness probe: 200 while {@code live} holds, 503 once it
 * does not. The JDK's HTTP server is plenty for one probe every few seconds.
 */
final class HealthServer implements AutoCloseable {

    public static final String PATH = "/healthz";

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one).
     *
     * @throws IOException when the address cannot be bound, e.g. the port is taken
     */
    public static HealthServer start(String host, int port, BooleanSupplier live) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("unknown host " + host);
        }
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, live);
            }
        });
        server.start();
        return new HealthServer(server);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, BooleanSupplier live) throws IOException {
        String method = exchange.getRequestMethod();
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            send(exchange, 404, "not found\n");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "method not allowed\n");
        } else if (live.getAsBoolean()) {
            send(exchange, 200, "ok\n");
        } else {
            send(exchange, 503, "increments have stalled\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
