package io.github.oteldemo.testing.otlp;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP with binary protobuf bodies, served by the JDK's HTTP server: the exporters need
 * nothing more than a POST per signal, so a web framework would only add weight.
 */
final class HttpTransport implements AutoCloseable {

    static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final ExecutorService threads;

    HttpTransport(InetSocketAddress address, Collector collector) {
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP/HTTP receiver on " + address, e);
        }
        // One thread per request, so a delayed reply never holds up the next export.
        threads = Executors.newCachedThreadPool(new ThreadFactoryBuilder()
                .setNameFormat("otlp-http-receiver-%d")
                .setDaemon(true)
                .build());
        server.setExecutor(threads);
        if (collector.keeps()) {
            serve(
                    "/v1/traces",
                    ExportTraceServiceRequest.parser()::parseFrom,
                    request -> collector.keepSpans(request.getResourceSpansList()),
                    ExportTraceServiceResponse.getDefaultInstance(),
                    collector);
        } else {
            serve(
                    "/v1/traces",
                    SpanCount::in,
                    collector::countSpans,
                    ExportTraceServiceResponse.getDefaultInstance(),
                    collector);
        }
        serve(
                "/v1/metrics",
                ExportMetricsServiceRequest.parser()::parseFrom,
                request -> collector.keepMetrics(request.getResourceMetricsList()),
                ExportMetricsServiceResponse.getDefaultInstance(),
                collector);
        serve(
                "/v1/logs",
                ExportLogsServiceRequest.parser()::parseFrom,
                request -> collector.keepLogs(request.getResourceLogsList()),
                ExportLogsServiceResponse.getDefaultInstance(),
                collector);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Reads an export's body: the generated parser, or in count-only mode a span count. */
    @FunctionalInterface
    private interface Decoder<R> {
        R decode(InputStream body) throws IOException;
    }

    private <R> void serve(String path, Decoder<R> decoder, Consumer<R> keep, Message response, Collector collector) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handle(exchange, path, decoder, keep, response, collector);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static <R> void handle(
            HttpExchange exchange,
            String path,
            Decoder<R> decoder,
            Consumer<R> keep,
            Message response,
            Collector collector)
            throws IOException, InterruptedException {
        // Contexts match by prefix; OTLP paths are exact.
        if (!exchange.getRequestURI().getPath().equals(path)) {
            send(
                    exchange,
                    404,
                    status(5, "no OTLP endpoint at " + exchange.getRequestURI().getPath()));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, 405, status(12, "OTLP/HTTP takes POST only"));
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith(PROTOBUF)) {
            send(exchange, 415, status(3, "only " + PROTOBUF + " is supported, got " + contentType));
            return;
        }
        R request;
        try (InputStream body = body(exchange)) {
            request = decoder.decode(body);
        } catch (InvalidProtocolBufferException e) {
            send(exchange, 400, status(3, "body is not a valid OTLP message: " + e.getMessage()));
            return;
        }
        Reply reply = collector.export(() -> keep.accept(request));
        if (reply.accepts()) {
            send(exchange, 200, response);
        } else {
            send(exchange, reply.httpStatus(), status(reply.grpcCode().value(), "fault injected by the test receiver"));
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream raw = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
    }

    /** OTLP/HTTP error bodies are a google.rpc.Status in the request's encoding. */
    private static Message status(int code, String message) {
        return com.google.rpc.Status.newBuilder()
                .setCode(code)
                .setMessage(message)
                .build();
    }

    private static void send(HttpExchange exchange, int status, Message body) throws IOException {
        byte[] bytes = body.toByteArray();
        exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
