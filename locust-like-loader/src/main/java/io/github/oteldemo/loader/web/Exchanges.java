package io.github.oteldemo.loader.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the web server reads a request and writes its answer on the JDK's HTTP server: forms as
 * Locust's UI posts them, and answers that no proxy or browser caches (the stats change every
 * second).
 */
final class Exchanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {}

    /** The {@code application/x-www-form-urlencoded} fields of a request body. */
    static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(key, value);
        }
        return fields;
    }

    /**
     * The JSON object of a request body.
     *
     * @return its fields, or null for a body of {@code null}
     * @throws com.fasterxml.jackson.core.JacksonException when the body is not a JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(HttpExchange exchange) throws IOException {
        return JSON.readValue(exchange.getRequestBody(), Map.class);
    }

    static void json(HttpExchange exchange, Object document) throws IOException {
        respond(exchange, 200, "application/json", JSON.writeValueAsBytes(document));
    }

    static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
