package io.github.oteldemo.loader.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as the tracing sees it; the propagator writes its headers ({@code traceparent})
 * into {@link #headers()}, which the user then sends along.
 *
 * @param method        HTTP method
 * @param url           full URL
 * @param serverAddress target host
 * @param serverPort    target port
 * @param name          Locust's request name (the stats row)
 * @param headers       headers to add, filled by the propagator
 */
public record ClientRequest(
        String method, String url, String serverAddress, int serverPort, String name, Map<String, String> headers) {

    /**
     * @param method        HTTP method
     * @param url           full URL
     * @param serverAddress target host
     * @param serverPort    target port
     * @param name          request name
     * @return a request with no headers yet
     */
    public static ClientRequest of(String method, String url, String serverAddress, int serverPort, String name) {
        return new ClientRequest(method, url, serverAddress, serverPort, name, new LinkedHashMap<>(4));
    }
}
