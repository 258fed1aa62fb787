package io.github.oteldemo.testing.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmarks' OTLP collector: an {@link OtlpReceiver} in count-only mode, run as a program,
 * with its counts served over plain HTTP so that a shell script can read them with curl.
 *
 * <pre>
 * java -cp ... io.github.oteldemo.testing.otlp.CountingOtlpSink [--grpc-port N] [--http-port N] [--status-port N]
 * </pre>
 *
 * <p>Ports default to 0, a free one. Once listening it prints one line, {@code grpc=URL http=URL
 * status=URL}, and runs until killed. {@code GET status/counts} answers lines of {@code name
 * value}: {@code export_requests}, {@code spans}, {@code metric_points}, {@code log_records} and
 * {@code first_export_epoch_nanos} (0 before the first export); {@code POST status/reset} sets
 * them back to zero.
 */
public final class CountingOtlpSink {

    private CountingOtlpSink() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int grpcPort = 0;
        int httpPort = 0;
        int statusPort = 0;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 == args.length) {
                usage("missing value after " + option);
            }
            int port = port(option, args[++i]);
            switch (option) {
                case "--grpc-port" -> grpcPort = port;
                case "--http-port" -> httpPort = port;
                case "--status-port" -> statusPort = port;
                default -> usage("unknown option " + option);
            }
        }
        OtlpReceiver receiver = OtlpReceiver.startCountOnly(grpcPort, httpPort);
        HttpServer status = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), statusPort), 0);
        status.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, receiver);
            }
        });
        status.start();
        System.out.println("grpc="
                + receiver.grpcEndpoint()
                + " http="
                + receiver.httpEndpoint()
                + " status=http://127.0.0.1:"
                + status.getAddress().getPort());
        System.out.flush();
        // The servers' threads do the work; main only keeps the program alive until it is killed.
        new CountDownLatch(1).await();
    }

    private static void answer(HttpExchange exchange, OtlpReceiver receiver) throws IOException {
        String request =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        switch (request) {
            case "GET /counts" -> send(exchange, 200, text(receiver.counts()));
            case "POST /reset" -> {
                receiver.reset();
                send(exchange, 200, text(receiver.counts()));
            }
            default -> send(exchange, 404, "GET /counts or POST /reset\n");
        }
    }

    private static int port(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " takes a port number, got '" + value + "'");
            return 0;
        }
    }

    private static String text(OtlpCounts counts) {
        long firstExportNanos = counts.firstExport()
                .map(at -> at.getEpochSecond() * 1_000_000_000L + at.getNano())
                .orElse(0L);
        return "export_requests "
                + counts.exportRequests()
                + "\nspans "
                + counts.spans()
                + "\nmetric_points "
                + counts.metricPoints()
                + "\nlog_records "
                + counts.logRecords()
                + "\nfirst_export_epoch_nanos "
                + firstExportNanos
                + "\n";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void usage(String problem) {
        System.err.println("counting-otlp-sink: "
                + problem
                + "; usage: CountingOtlpSink [--grpc-port N] [--http-port N] [--status-port N]");
        System.exit(2);
    }
}
