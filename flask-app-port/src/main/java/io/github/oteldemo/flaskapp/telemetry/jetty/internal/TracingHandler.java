package io.github.oteldemo.flaskapp.telemetry.jetty.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Wraps a server's whole handler tree in a server span per request. */
public final class TracingHandler extends Handler.Wrapper {

    private final ServerTracer tracing;

    public TracingHandler(ServerTracer tracing, Handler handler) {
        super(handler);
        this.tracing = tracing;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Context context = tracing.start(request, response);
        if (context == null) {
            return super.handle(request, response, callback);
        }
        SpanEndingCallback ending = tracing.ending(callback, context, request, response);
        try (Scope ignored = context.makeCurrent()) {
            if (!super.handle(request, response, ending)) {
                // Jetty would answer 404 with the original callback and the span would never end.
                Response.writeError(request, response, ending, HttpStatus.NOT_FOUND_404);
            }
            return true;
        } catch (Throwable failure) {
            ending.end(failure);
            throw failure;
        }
    }
}
