package io.github.oteldemo.loader.telemetry;

import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertFailedSpan;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertRootClientGets;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertTraceparentsNameSpans;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.awaitClientMetrics;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        CountDownLatch requests = new CountDownLatch(10);
        CountDownLatch failures = new CountDownLatch(2);
        HttpServer server = ClientSpanAssertions.traceparentServer(traceparents, path -> {
            requests.countDown();
            if (path.equals("/fail")) {
                failures.countDown();
            }
        });
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        TaskFile tasks = ClientSpanAssertions.rootAndFailing(null);
        try (OtlpReceiver receiver = OtlpReceiver.start();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            RequestTracing tracing = ClientSpanAssertions.tracingTo(receiver);
            ArrivalRateRunner runner = new ArrivalRateRunner(tasks, client, url, 40, "local", tracing);
            try {
                runner.start(2, 1, null);
                assertThat(requests.await(10, TimeUnit.SECONDS))
                        .as("10 requests arrived")
                        .isTrue();
                assertThat(failures.await(10, TimeUnit.SECONDS))
                        .as("2 of them /fail")
                        .isTrue();
            } finally {
                runner.quit();
                tracing.close();
                server.stop(0);
            }
            // Requests still in flight when the runner quit arrived but are not counted.
            assertThat(runner.stats().total().numRequests()).isPositive();

            List<Span> spans = receiver.awaitSpans(10, Duration.ofSeconds(10));
            assertRootClientGets(spans, server.getAddress().getPort());
            assertFailedSpan(spans);
            assertTraceparentsNameSpans(traceparents, spans);
            awaitClientMetrics(receiver);
        }
    }
}
