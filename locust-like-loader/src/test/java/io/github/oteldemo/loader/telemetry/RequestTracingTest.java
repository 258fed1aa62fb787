package io.github.oteldemo.loader.telemetry;

import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertFailedSpan;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertRootClientGets;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.assertTraceparentsNameSpans;
import static io.github.oteldemo.loader.telemetry.ClientSpanAssertions.awaitClientMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aRequestCutOffByTheStopEndsItsSpanAsLocustsKilledGreenletDoes() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            arrived.countDown();
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        TaskFile tasks = new TaskFile(List.of(new UserClassSpec("WebsiteUser", 1, null, List.of(TaskSpec.GET_ROOT))));
        try (OtlpReceiver receiver = OtlpReceiver.start();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(30))) {
            RequestTracing tracing = ClientSpanAssertions.tracingTo(receiver);
            long counted;
            LocalRunner runner = new LocalRunner(tasks, client, url, Duration.ZERO, "local", tracing);
            try {
                runner.start(1, 10, null);
                assertThat(arrived.await(10, TimeUnit.SECONDS))
                        .as("the request arrived")
                        .isTrue();
            } finally {
                counted = ClientSpanAssertions.quitAndCount(runner, tracing, server);
            }
            assertThat(counted)
                    .as("a request cut off is not counted, as in Locust")
                    .isZero();
            Span span = receiver.awaitSpans(1, Duration.ofSeconds(10)).get(0);
            assertThat(span.getName()).isEqualTo("GET /");
            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(OtlpAttributes.string(span.getAttributesList(), "error.type"))
                    .isEqualTo("GreenletExit");
            assertThat(span.getAttributesList()).noneMatch(kv -> kv.getKey().equals("http.response.status_code"));
        }
    }
}
