package io.github.oteldemo.loader.telemetry;

import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertFailedSpan;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertRootClientGets;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertTraceparentsNameSpans;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.awaitClientMetrics;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.ArrivalRateRunner;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@code --otel} with {@code --arrival-rate}: the open model's requests are client spans that
 * reach a real OTLP receiver, and their ids reach a real HTTP server as traceparent, as the
 * closed model's do ({@link RequestTracingTest}).
 */
class ArrivalRateTracingTest {

    @Test
    void eachOpenModelRequestIsAClientSpanWhoseTraceparentTheServerReceives() throws Exception {
        Set<String> traceparents = ConcurrentHashMap.newKeySet();
        HttpServer server = ClientSpanAssertions.traceparentServer(traceparents);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        TaskFile tasks = ClientSpanAssertions.rootAndFailing(null);
        try (OtlpReceiver receiver = OtlpReceiver.start();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            RequestTracing tracing = ClientSpanAssertions.tracingTo(receiver);
            long counted;
            ArrivalRateRunner runner = new ArrivalRateRunner(tasks, client, url, 40, "local", tracing);
            try {
                runner.start(2, 1, null);
                ClientSpanAssertions.awaitCompleted(runner.stats());
            } finally {
                counted = ClientSpanAssertions.quitAndCount(runner, tracing, server);
            }
            List<Span> spans = receiver.awaitSpans(Math.toIntExact(counted), Duration.ofSeconds(10));
            assertRootClientGets(spans, server.getAddress().getPort());
            assertFailedSpan(spans);
            assertTraceparentsNameSpans(traceparents, spans);
            awaitClientMetrics(receiver);
        }
    }
}
