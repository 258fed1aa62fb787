package io.github.oteldemo.loader.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs from a real web API over loopback (ours or a Python Locust's), as JSON or text. */
public final class HttpJson {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpJson() {}

    /**
     * @param url the address
     * @return the body
     * @throws IOException when the request fails or the status is not 200
     * @throws InterruptedException when interrupted
     */
    public static String text(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * @param url the address
     * @return the parsed body
     * @throws IOException when the request fails, the status is not 200 or the body is not JSON
     * @throws InterruptedException when interrupted
     */
    public static JsonNode get(String url) throws IOException, InterruptedException {
        return JSON.readTree(text(url));
    }

    /**
     * @param url the address
     * @return the parsed body, or null while the server does not answer yet (or when interrupted)
     */
    public static JsonNode getOrNull(String url) {
        try {
            return get(url);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
