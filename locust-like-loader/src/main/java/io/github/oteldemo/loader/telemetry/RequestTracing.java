package io.github.oteldemo.loader.telemetry;

import io.github.oteldemo.export.HighRateSpanExport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientAttributesGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientMetrics;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Locust's {@code --otel}: a CLIENT span per request following the stable HTTP client semantic
 * conventions, whose W3C {@code traceparent} goes out with the request so the application's
 * server span is its child; {@code http.client.request.duration}, and Locust's own
 * {@code locust.client.duration} histogram (by request name, at most 20 names). The SDK is set
 * up by autoconfigure from the standard {@code OTEL_*} variables; the service is {@code locust}
 * unless {@code OTEL_SERVICE_NAME} says otherwise, as in Locust.
 */
public final class RequestTracing implements AutoCloseable {

    /** Locust's MAX_REQUEST_NAMES: more names would make the metric's cardinality unbounded. */
    private static final int MAX_NAMES = 20;

    private static final AttributeKey<String> NAME = AttributeKey.stringKey("name");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> USER_CLASS = AttributeKey.stringKey("user_class");
    /** How a request ends when its user is killed mid-request: Locust's greenlet gets a GreenletExit. */
    private static final ClientResponse KILLED = new ClientResponse(0, "GreenletExit()");
    /**
     * The SDK logs through java.util.logging, to stderr: a bad OTEL_* setting would come with
     * INFO lines around the one line the loader prints. Warnings (failed exports) still show.
     * Held in a field because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger SDK_LOG =
            quiet(java.util.logging.Logger.getLogger("io.opentelemetry"));

    private final OpenTelemetrySdk sdk;
    private final Instrumenter<ClientRequest, ClientResponse> instrumenter;
    private final DoubleHistogram duration;
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    private RequestTracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        Getter getter = new Getter();
        // "GET /path" or "GET <request name>", as Locust names its spans (its requests hook).
        this.instrumenter = Instrumenter.<ClientRequest, ClientResponse>builder(
                        sdk, "locust-like-loader", request -> request.method() + " " + request.name())
                .setSpanStatusExtractor(HttpSpanStatusExtractor.create(getter))
                .addAttributesExtractor(HttpClientAttributesExtractor.create(getter))
                .addOperationMetrics(HttpClientMetrics.get())
                .buildClientInstrumenter(new HeaderSetter());
        this.duration = sdk.getMeter("locust")
                .histogramBuilder("locust.client.duration")
                .setUnit("s")
                .setDescription("Time to last byte for requests")
                .build();
    }

    /** @return tracing set up from the {@code OTEL_*} environment */
    public static RequestTracing fromEnvironment() {
        return withDefaults(Map.of());
    }

    /**
     * @param defaults autoconfigure properties ({@code otel.exporter.otlp.endpoint}, ...) that the
     *                 {@code OTEL_*} environment and system properties override
     * @return tracing set up from them
     */
    public static RequestTracing withDefaults(Map<String, String> defaults) {
        Map<String, String> properties = new java.util.HashMap<>(defaults);
        properties.putIfAbsent("otel.service.name", "locust");
        // A span per request at load-test rates: the SDK's batch defaults would drop most of them.
        OpenTelemetrySdk sdk = HighRateSpanExport.installOn(AutoConfiguredOpenTelemetrySdk.builder())
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new RequestTracing(sdk);
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** @return the SDK, for tests and shutdown */
    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /**
     * Starts the request's span; its headers are then in {@link ClientRequest#headers()}.
     *
     * @param request the request
     * @return the span's context, or null when the sampler and the instrumenter decline
     */
    public Context start(ClientRequest request) {
        Context parent = Context.root();
        return instrumenter.shouldStart(parent, request) ? instrumenter.start(parent, request) : null;
    }

    /**
     * Ends the request's span and records its duration.
     *
     * @param context        what {@link #start} returned (null: only the duration is recorded)
     * @param request        the request
     * @param response       how it ended
     * @param elapsedSeconds time to last byte
     */
    public void end(Context context, ClientRequest request, ClientResponse response, double elapsedSeconds) {
        if (context != null) {
            instrumenter.end(
                    context,
                    request,
                    response,
                    response.status() == 0 && response.error() != null ? new RequestFailure(response.error()) : null);
        }
        String name = names.contains(request.name()) || (names.size() < MAX_NAMES && names.add(request.name()))
                ? request.name()
                : "Too many unique request names";
        AttributesBuilder attributes = Attributes.builder().put(NAME, name);
        if (response.error() != null) {
            attributes.put(ERROR_TYPE, response.errorClass());
        }
        duration.record(elapsedSeconds, attributes.build());
    }

    /**
     * Ends the span of a request dropped in flight because its user was killed, as Locust's span
     * ends when the user's greenlet is killed: an error, {@code error.type} {@code GreenletExit}.
     * Locust counts no such request, so {@code locust.client.duration} does not record it.
     *
     * @param context what {@link #start} returned (null: nothing to end)
     * @param request the request
     */
    public void abandon(Context context, ClientRequest request) {
        if (context != null) {
            instrumenter.end(context, request, KILLED, new RequestFailure(KILLED.error()));
        }
    }

    /**
     * Locust's {@code locust.users.count}: users running per user class, an observable gauge
     * ({@code {user}}, attribute {@code user_class}). Locust's standalone and master runs report
     * it; its workers do not, only a master has the whole count.
     *
     * @param userClassesCount the runner's users per class, read at each export
     */
    public void observeUsers(Supplier<Map<String, Integer>> userClassesCount) {
        sdk.getMeter("locust")
                .gaugeBuilder("locust.users.count")
                .ofLongs()
                .setUnit("{user}")
                .setDescription("Number of currently running Locust users")
                .buildWithCallback(gauge -> userClassesCount
                        .get()
                        .forEach((userClass, count) -> gauge.record(count, Attributes.of(USER_CLASS, userClass))));
    }

    /** Exports what is buffered and stops the SDK. */
    @Override
    public void close() {
        sdk.close();
    }

    /** A failed request without a response, for the span's status and exception event. */
    static final class RequestFailure extends Exception {
        RequestFailure(String locustError) {
            super(locustError, null, false, false);
        }
    }

    private static final class HeaderSetter implements TextMapSetter<ClientRequest> {
        @Override
        public void set(ClientRequest carrier, String key, String value) {
            if (carrier != null) {
                carrier.headers().put(key, value);
            }
        }
    }

    private static final class Getter implements HttpClientAttributesGetter<ClientRequest, ClientResponse> {
        @Override
        public String getUrlFull(ClientRequest request) {
            return request.url();
        }

        @Override
        public String getServerAddress(ClientRequest request) {
            return request.serverAddress();
        }

        @Override
        public Integer getServerPort(ClientRequest request) {
            return request.serverPort();
        }

        @Override
        public String getHttpRequestMethod(ClientRequest request) {
            return request.method();
        }

        @Override
        public List<String> getHttpRequestHeader(ClientRequest request, String name) {
            String value = request.headers().get(name);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Integer getHttpResponseStatusCode(ClientRequest request, ClientResponse response, Throwable error) {
            return response == null || response.status() == 0 ? null : response.status();
        }

        @Override
        public List<String> getHttpResponseHeader(ClientRequest request, ClientResponse response, String name) {
            return List.of();
        }

        @Override
        public String getErrorType(ClientRequest request, ClientResponse response, Throwable error) {
            // Without a status, the error's Python class (ConnectionRefusedError, ...) as Locust's metric names it.
            return response != null && response.status() == 0 ? response.errorClass() : null;
        }

        @Override
        public String getNetworkProtocolName(ClientRequest request, ClientResponse response) {
            return "http";
        }

        @Override
        public String getNetworkProtocolVersion(ClientRequest request, ClientResponse response) {
            return "1.1";
        }
    }
}
