package io.github.oteldemo.flaskapp.telemetry.jetty.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerMetrics;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanNameExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the SERVER span of one request, shared by the handler-tree wrapper and the
 * error-handler wrapper so that a request is traced once whichever of them sees it first.
 *
 * <p>The response carries the server span's context as a W3C {@code traceparent} header, written
 * by the OpenTelemetry W3C propagator, so a caller can find the trace of its request.
 */
public final class ServerTracer {

    static final String CONTEXT_ATTRIBUTE = Context.class.getName();

    private static final TextMapSetter<Response> RESPONSE_HEADERS = (response, name, value) -> {
        if (response != null) {
            response.getHeaders().put(name, value);
        }
    };

    private final Instrumenter<Request, Response> instrumenter;
    private final Set<String> skippedConnectors;

    public ServerTracer(OpenTelemetry openTelemetry, String instrumentationName, Set<String> skippedConnectors) {
        JettyHttpServerAttributesGetter getter = new JettyHttpServerAttributesGetter();
        this.instrumenter = Instrumenter.<Request, Response>builder(
                        openTelemetry, instrumentationName, HttpSpanNameExtractor.create(getter))
                .setSpanStatusExtractor(HttpSpanStatusExtractor.create(getter))
                .addAttributesExtractor(HttpServerAttributesExtractor.create(getter))
                .addContextCustomizer(HttpServerRoute.create(getter))
                .addOperationMetrics(HttpServerMetrics.get())
                .buildServerInstrumenter(new RequestHeaderGetter());
        this.skippedConnectors = Set.copyOf(skippedConnectors);
    }

    /**
     * Starts the server span of a request, or returns null for a request that is not traced.
     * The returned context holds the span; {@link #ending} ends it.
     */
    @Nullable
    Context start(Request request, Response response) {
        if (skippedConnectors.contains(
                request.getConnectionMetaData().getConnector().getName())) {
            return null;
        }
        Context parent = Context.current();
        if (!instrumenter.shouldStart(parent, request)) {
            return null;
        }
        Context context = instrumenter.start(parent, request);
        request.setAttribute(CONTEXT_ATTRIBUTE, context);
        W3CTraceContextPropagator.getInstance().inject(context, response, RESPONSE_HEADERS);
        return context;
    }

    /** Wraps the request's callback so that the span ends when Jetty completes the response. */
    SpanEndingCallback ending(Callback callback, Context context, Request request, Response response) {
        return new SpanEndingCallback(callback, instrumenter, context, request, response);
    }

    static boolean isTraced(Request request) {
        return request.getAttribute(CONTEXT_ATTRIBUTE) != null;
    }
}
