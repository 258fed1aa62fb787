package io.github.oteldemo.flaskapp.telemetry.jetty.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Ends the server span when Jetty completes the exchange. A handler that throws after taking the
 * callback can complete it later as well, so the span is ended once, by whichever comes first.
 */
final class SpanEndingCallback extends Callback.Nested {

    private final Instrumenter<Request, Response> instrumenter;
    private final Context context;
    private final Request request;
    private final Response response;
    private final AtomicBoolean ended = new AtomicBoolean();

    SpanEndingCallback(
            Callback callback,
            Instrumenter<Request, Response> instrumenter,
            Context context,
            Request request,
            Response response) {
        super(callback);
        this.instrumenter = instrumenter;
        this.context = context;
        this.request = request;
        this.response = response;
    }

    @Override
    public void succeeded() {
        end(null);
        super.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
        end(failure);
        super.failed(failure);
    }

    void end(@Nullable Throwable failure) {
        if (ended.compareAndSet(false, true)) {
            instrumenter.end(context, request, response, failure);
        }
    }
}
