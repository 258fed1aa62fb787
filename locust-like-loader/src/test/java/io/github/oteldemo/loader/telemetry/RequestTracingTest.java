package io.github.oteldemo.loader.telemetry;

import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertFailedSpan;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertRootClientGets;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertTraceparentsNameSpans;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.awaitClientMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@code --otel}: client spans reach a real OTLP receiver, and their ids reach a real HTTP server as traceparent. */
class RequestTracingTest {

    @Test
    void eachRequestIsAClientSpanWhoseTraceparentTheServerReceives() throws Exception {
        Set<String> traceparents = ConcurrentHashMap.newKeySet();
        HttpServer server = ClientSpanAssertions.traceparentServer(traceparents);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        TaskFile tasks = ClientSpanAssertions.rootAndFailing(new WaitTimeSpec("constant", null, null, 0.05, null));
        try (OtlpReceiver receiver = OtlpReceiver.start();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            RequestTracing tracing = ClientSpanAssertions.tracingTo(receiver);
            long counted;
            LocalRunner runner = new LocalRunner(tasks, client, url, Duration.ofSeconds(1), "local", tracing);
            try {
                runner.start(1, 10, null);
                ClientSpanAssertions.awaitCompleted(runner.stats());
            } finally {
                counted = ClientSpanAssertions.quitAndCount(runner, tracing, server);
            }
            List<Span> spans = receiver.awaitSpans(Math.toIntExact(counted), Duration.ofSeconds(10));
            assertRootClientGets(spans, server.getAddress().getPort());
            Span failed = assertFailedSpan(spans);
            assertThat(OtlpAttributes.string(failed.getAttributesList(), "error.type"))
                    .isEqualTo("500");
            Span ok = spans.stream()
                    .filter(s -> OtlpAttributes.string(s.getAttributesList(), "url.full")
                            .equals(url + "/"))
                    .findFirst()
                    .orElseThrow();
            assertThat(OtlpAttributes.integer(ok.getAttributesList(), "http.response.status_code"))
                    .isEqualTo(200);

            assertTraceparentsNameSpans(traceparents, spans);
            // Sampled (and, with a random trace id, the W3C level 2 "random" bit).
            assertThat(traceparents).allMatch(t -> t.endsWith("-01") || t.endsWith("-03"));
            assertThat(receiver.resourceSpans().get(0).getResource().getAttributesList())
                    .anySatisfy(
                            kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue())
                                    .isEqualTo("service.name=locust"));
            awaitClientMetrics(receiver);
        }
    }
}
