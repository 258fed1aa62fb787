package io.github.oteldemo.flaskapp.telemetry.jetty.internal;

import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * Reads the HTTP semantic-convention attributes from Jetty's core request and response, so one
 * getter serves both requests that reach the handlers and those Jetty rejects while parsing.
 */
final class JettyHttpServerAttributesGetter implements HttpServerAttributesGetter<Request, Response> {

    @Override
    @Nullable
    public String getHttpRequestMethod(Request request) {
        return request.getMethod();
    }

    @Override
    public String getUrlScheme(Request request) {
        return request.isSecure() ? "https" : "http";
    }

    @Override
    @Nullable
    public String getUrlPath(Request request) {
        HttpURI uri = request.getHttpURI();
        return uri == null ? null : uri.getPath();
    }

    @Override
    @Nullable
    public String getUrlQuery(Request request) {
        HttpURI uri = request.getHttpURI();
        return uri == null ? null : uri.getQuery();
    }

    @Override
    public List<String> getHttpRequestHeader(Request request, String name) {
        return request.getHeaders().getValuesList(name);
    }

    @Override
    @Nullable
    public Integer getHttpResponseStatusCode(Request request, Response response, @Nullable Throwable error) {
        int status = response.getStatus();
        if (status > 0) {
            return status;
        }
        // Jetty leaves the status unset until it commits a default 200, or a 500 on failure.
        return error == null ? 200 : 500;
    }

    @Override
    public List<String> getHttpResponseHeader(Request request, Response response, String name) {
        return response.getHeaders().getValuesList(name);
    }

    @Override
    public String getNetworkProtocolName(Request request, @Nullable Response response) {
        return "http";
    }

    @Override
    @Nullable
    public String getNetworkProtocolVersion(Request request, @Nullable Response response) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version == null) {
            return null;
        }
        return switch (version) {
            case HTTP_0_9 -> "0.9";
            case HTTP_1_0 -> "1.0";
            case HTTP_1_1 -> "1.1";
            case HTTP_2 -> "2";
            case HTTP_3 -> "3";
        };
    }

    @Override
    @Nullable
    public InetSocketAddress getNetworkPeerInetSocketAddress(Request request, @Nullable Response response) {
        return inet(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    @Override
    @Nullable
    public InetSocketAddress getNetworkLocalInetSocketAddress(Request request, @Nullable Response response) {
        return inet(request.getConnectionMetaData().getLocalSocketAddress());
    }

    @Nullable
    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }
}
