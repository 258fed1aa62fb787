package io.github.oteldemo.flaskapp.telemetry;

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
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jspecify.annotations.Nullable;

/**
 * One SERVER span, and one {@code http.server.request.duration} measurement, per HTTP request on
 * the application port.
 *
 * <p>Servlet filters would miss requests Jetty answers itself: malformed requests and oversized
 * headers (400, 431) are rejected by the connection before any handler runs, and reach only the
 * server's error handler. So the tracing sits at the server level, installed just before the
 * server starts: a wrapper around the whole handler tree, plus a wrapper around the error handler
 * for the requests the handler tree never saw. The admin port is not traced: health probes are
 * not traffic.
 *
 * <p>The response carries the server span's context as a W3C {@code traceparent} header, written
 * by the OpenTelemetry W3C propagator, so a caller can find the trace of its request.
 */
public final class HttpServerTracing implements LifeCycle.Listener {

    static final String CONTEXT_ATTRIBUTE = Context.class.getName();

    private static final String INSTRUMENTATION_NAME = "io.github.oteldemo.flaskapp.jetty";
    private static final String ADMIN_CONNECTOR = "admin";
    private static final TextMapSetter<Response> RESPONSE_HEADERS =
            (response, name, value) -> {
                if (response != null) {
                    response.getHeaders().put(name, value);
                }
            };

    private final Instrumenter<Request, Response> instrumenter;

    public HttpServerTracing(OpenTelemetry openTelemetry) {
        JettyHttpServerAttributesGetter getter = new JettyHttpServerAttributesGetter();
        this.instrumenter = Instrumenter.<Request, Response>builder(
                        openTelemetry, INSTRUMENTATION_NAME, HttpSpanNameExtractor.create(getter))
                .setSpanStatusExtractor(HttpSpanStatusExtractor.create(getter))
                .addAttributesExtractor(HttpServerAttributesExtractor.create(getter))
                .addContextCustomizer(HttpServerRoute.create(getter))
                .addOperationMetrics(HttpServerMetrics.get())
                .buildServerInstrumenter(new RequestHeaderGetter());
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
            server.setHandler(new TracingHandler(this, server.getHandler()));
            server.setErrorHandler(new TracingErrorHandler(this, server.getErrorHandler()));
        }
    }

    /**
     * Starts the server span of a request, or returns null for a request that is not traced.
     * The returned context holds the span; {@link #ending} ends it.
     */
    @Nullable
    Context start(Request request, Response response) {
        if (ADMIN_CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName())) {
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
