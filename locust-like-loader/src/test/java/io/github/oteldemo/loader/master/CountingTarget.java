package io.github.oteldemo.loader.master;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system under load in distributed tests: answers {@code Hello World!} on 127.0.0.1 (random
 * port) and counts the requests it answered, the truth the master's totals are checked against.
 */
public final class CountingTarget implements AutoCloseable {

    private static final byte[] BODY = "Hello World!".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicLong requests = new AtomicLong();

    /** Starts the server. @throws IOException when no port can be bound */
    public CountingTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(BODY);
            }
            requests.incrementAndGet();
        });
        server.setExecutor(threads);
        server.start();
    }

    /** @return base URL, e.g. {@code http://127.0.0.1:41234} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return requests answered so far */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
