package io.github.oteldemo.loader.telemetry;

/**
 * How a traced request ended.
 *
 * @param status the HTTP status, or 0 when none arrived
 * @param error  Locust's error text when the request failed, e.g. {@code ConnectionRefusedError(111, ...)}, or null
 */
public record ClientResponse(int status, String error) {

    /** @return the error's class as Python names it (the text before its first parenthesis), or null */
    String errorClass() {
        if (error == null) {
            return null;
        }
        int paren = error.indexOf('(');
        return paren > 0 ? error.substring(0, paren) : error;
    }
}
