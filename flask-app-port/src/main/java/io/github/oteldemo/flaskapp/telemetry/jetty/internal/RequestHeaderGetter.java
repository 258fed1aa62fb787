package io.github.oteldemo.flaskapp.telemetry.jetty.internal;

import io.opentelemetry.context.propagation.TextMapGetter;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/** Lets the configured propagators read {@code traceparent} and friends from a Jetty request. */
final class RequestHeaderGetter implements TextMapGetter<Request> {

    @Override
    public Iterable<String> keys(Request request) {
        return request.getHeaders().stream().map(HttpField::getName).toList();
    }

    @Override
    @Nullable
    public String get(@Nullable Request request, String key) {
        return request == null ? null : request.getHeaders().get(key);
    }
}
