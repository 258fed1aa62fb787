package io.github.oteldemo.flaskapp.telemetry.jetty.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Traces the error responses Jetty writes for requests that never reached the handler tree:
 * malformed request lines, oversized headers and the like. Errors of requests that are already
 * traced pass straight through.
 */
public final class TracingErrorHandler implements Request.Handler {

    private final ServerTracer tracing;
    private final Request.Handler errorHandler;

    public TracingErrorHandler(ServerTracer tracing, Request.Handler errorHandler) {
        this.tracing = tracing;
        this.errorHandler = errorHandler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Context context = ServerTracer.isTraced(request) ? null : tracing.start(request, response);
        if (context == null) {
            return errorHandler.handle(request, response, callback);
        }
        SpanEndingCallback ending = tracing.ending(callback, context, request, response);
        try (Scope ignored = context.makeCurrent()) {
            boolean handled = errorHandler.handle(request, response, ending);
            if (!handled) {
                // Jetty then writes its bare fallback response with the original callback.
                ending.end(null);
            }
            return handled;
        } catch (Throwable failure) {
            ending.end(failure);
            throw failure;
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return errorHandler.getInvocationType();
    }
}
