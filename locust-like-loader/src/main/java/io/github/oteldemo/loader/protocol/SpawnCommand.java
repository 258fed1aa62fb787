package io.github.oteldemo.loader.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of a {@value Message#SPAWN} message: the exact number of users of each class the
 * worker must run from now on (not a delta), as Locust 2.x's master sends it.
 *
 * @param timestamp        master's epoch seconds; a worker ignores a spawn not newer than the last one
 * @param userClassesCount user class name to the number of users to run
 * @param host             target base URL, or null to keep the worker's own
 * @param stopTimeout      seconds users may take to finish their task when stopped, or null
 * @param parsedOptions    the master's options ({@code vars(parsed_options)}); Python workers
 *                         copy the custom ones, Java workers ignore them
 */
public record SpawnCommand(
        double timestamp,
        Map<String, Integer> userClassesCount,
        String host,
        Double stopTimeout,
        Map<String, Object> parsedOptions) {

    /**
     * @param timestamp        master's epoch seconds
     * @param userClassesCount user class name to count
     * @param host             target base URL, or null
     * @param stopTimeout      seconds, or null
     * @param parsedOptions    master options, or null for none
     */
    public SpawnCommand {
        userClassesCount = Map.copyOf(userClassesCount);
        parsedOptions = parsedOptions == null ? Map.of() : parsedOptions;
    }

    /** @return the total number of users */
    public int userCount() {
        return userClassesCount.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the msgpack-ready map Locust's worker reads */
    public Map<String, Object> toWire() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("timestamp", timestamp);
        data.put("user_classes_count", new LinkedHashMap<>(userClassesCount));
        data.put("host", host);
        data.put("stop_timeout", stopTimeout);
        data.put("parsed_options", parsedOptions);
        return data;
    }

    /**
     * @param data a spawn message's data
     * @return the command
     * @throws ProtocolException when a required field is missing or mistyped
     */
    public static SpawnCommand fromWire(Object data) throws ProtocolException {
        WireFields fields = WireFields.of(data, "spawn data");
        Map<String, Object> options = new LinkedHashMap<>();
        if (fields.raw("parsed_options") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> options.put(String.valueOf(k), v));
        }
        return new SpawnCommand(
                fields.number("timestamp"),
                fields.namedCounts("user_classes_count"),
                fields.optionalString("host"),
                fields.optionalNumber("stop_timeout"),
                options);
    }
}
