package io.github.oteldemo.loader.http;

/** Receives the outcome of one {@link UserConnection#send}, on the connection's event loop. */
public interface ResponseListener {

    /**
     * A complete response arrived.
     *
     * @param status        HTTP status
     * @param contentLength body bytes received
     */
    void onResponse(int status, long contentLength);

    /**
     * No response: connection refused, reset, timed out, ...
     *
     * @param error Locust-style error text, e.g. {@code ConnectionRefusedError(111, 'Connection refused')}
     */
    void onFailure(String error);
}
