package io.github.oteldemo.loader.telemetry;

import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * The span of the one request a user, or an open-model slot, has in flight. Used on that user's
 * event loop only, as its request is.
 */
public final class InFlightSpan {

    private final RequestTracing tracing;
    private ClientRequest request;
    private Context context;

    /** @param tracing where the spans go */
    public InFlightSpan(RequestTracing tracing) {
        this.tracing = tracing;
    }

    /**
     * Starts the request's span.
     *
     * @param request the request about to be sent
     * @return the headers to send with it ({@code traceparent})
     */
    public Map<String, String> start(ClientRequest request) {
        this.request = request;
        this.context = tracing.start(request);
        return request.headers();
    }

    /**
     * Ends the span of the request in flight, if any, with its answer.
     *
     * @param response       how it ended
     * @param elapsedSeconds time to last byte
     */
    public void end(ClientResponse response, double elapsedSeconds) {
        if (request != null) {
            tracing.end(context, request, response, elapsedSeconds);
            clear();
        }
    }

    /** Ends the span of the request in flight, if any, as cut off ({@link RequestTracing#abandon}). */
    public void abandon() {
        if (request != null) {
            tracing.abandon(context, request);
            clear();
        }
    }

    private void clear() {
        request = null;
        context = null;
    }
}
