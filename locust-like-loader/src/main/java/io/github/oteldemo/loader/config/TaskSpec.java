package io.github.oteldemo.loader.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One task of a user class: a single HTTP request.
 *
 * @param name         the stats name; defaults to the path
 * @param weight       relative chance of being picked, as Locust's {@code @task(weight)}
 * @param method       HTTP method
 * @param path         request path (and query), starting with {@code /}
 * @param headers      extra request headers
 * @param body         request body, or null for none
 * @param expectStatus statuses counted as success; empty means any status below 400
 */
public record TaskSpec(
        String name,
        int weight,
        String method,
        String path,
        Map<String, String> headers,
        String body,
        List<Integer> expectStatus) {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** The default task: {@code GET /}. */
    public static final TaskSpec GET_ROOT = new TaskSpec(null, 1, "GET", "/", null, null, null);

    /** Applies defaults and validates; Jackson reports the exception with its location. */
    @JsonCreator
    public TaskSpec(
            @JsonProperty("name") String name,
            @JsonProperty("weight") Integer weight,
            @JsonProperty("method") String method,
            @JsonProperty(value = "path", required = true) String path,
            @JsonProperty("headers") Map<String, String> headers,
            @JsonProperty("body") String body,
            @JsonProperty("expect_status") List<Integer> expectStatus) {
        this(name, weight == null ? 1 : weight, method, path, headers, body, expectStatus);
    }

    /** Canonical constructor: fills defaults and rejects bad values. */
    public TaskSpec {
        Objects.requireNonNull(path, "path is required");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, got " + weight);
        }
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unsupported method '" + method + "' (use one of " + METHODS + ")");
        }
        name = name == null || name.isBlank() ? path : name;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
        for (int status : expectStatus) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("expect_status " + status + " is not an HTTP status");
            }
        }
    }

    /**
     * @param status a response status
     * @return whether it counts as a success for this task
     */
    public boolean isExpected(int status) {
        return expectStatus.isEmpty() ? status < 400 : expectStatus.contains(status);
    }
}
