package io.github.oteldemo.loader.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Failures of one (method, name) with the same error text, as in Locust's {@code StatsError}.
 *
 * @param method      HTTP method
 * @param name        request name
 * @param error       the error text as Locust shows it, e.g.
 *                    {@code ConnectionRefusedError(111, 'Connection refused')}
 * @param occurrences how many times it happened
 * @param firstSeen   epoch seconds of the first occurrence, or null when a peer did not say
 * @param lastSeen    epoch seconds of the latest occurrence, or null when a peer did not say
 */
public record StatsError(
        String method, String name, String error, long occurrences, Double firstSeen, Double lastSeen) {

    private static final String ADDRESS_MARKER = "object at 0x";

    /**
     * @param method      HTTP method
     * @param name        request name
     * @param error       error text
     * @param occurrences count
     * @param firstSeen   epoch seconds, or null
     * @param lastSeen    epoch seconds, or null
     */
    public StatsError {
        error = parseError(error);
    }

    /**
     * One occurrence at {@code now}.
     *
     * @param method HTTP method
     * @param name   request name
     * @param error  error text
     * @param now    epoch seconds
     * @return the error group
     */
    public static StatsError occurred(String method, String name, String error, double now) {
        return new StatsError(method, name, error, 1, now, now);
    }

    /**
     * The key Locust files this error under, in its stats and in a worker report.
     *
     * @return the key of {@link #key(String, String, String)} for this error
     */
    public String key() {
        return key(method, name, error);
    }

    /**
     * Locust's {@code StatsError.create_key}: the SHA-256 hex digest of
     * {@code method.name.repr(parse_error(error))}, so the same failure from a Java and a Python
     * worker lands in one row.
     *
     * @param method HTTP method
     * @param name   request name
     * @param error  error text
     * @return the key
     */
    public static String key(String method, String name, String error) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String text = method + "." + name + "." + PythonRepr.of(parseError(error));
            return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * Locust's {@code StatsError.parse_error}: an object address in the text ({@code <Foo object
     * at 0x7f3a...>}) becomes {@code 0x....}, so errors that differ only by address group together.
     *
     * @param error error text
     * @return the text with its first object address masked
     */
    public static String parseError(String error) {
        int at = error.indexOf(ADDRESS_MARKER);
        if (at < 0) {
            return error;
        }
        int start = at + ADDRESS_MARKER.length() - 2;
        int end = error.indexOf('>', start);
        if (end < 0) {
            return error;
        }
        return error.replace(error.substring(start, end), "0x....");
    }

    /**
     * Locust's merge of a worker's error into the master's: occurrences add up, the first
     * sighting is the earlier one and the last sighting the later one.
     *
     * @param other the same error from elsewhere (or later)
     * @return the combined group
     */
    public StatsError plus(StatsError other) {
        return new StatsError(
                method,
                name,
                error,
                occurrences + other.occurrences,
                earliest(firstSeen, other.firstSeen),
                latest(lastSeen, other.lastSeen));
    }

    private static Double earliest(Double a, Double b) {
        return a == null ? b : b == null ? a : Double.valueOf(Math.min(a, b));
    }

    private static Double latest(Double a, Double b) {
        return a == null ? b : b == null ? a : Double.valueOf(Math.max(a, b));
    }

    /** @return the text Locust prints in its error report ({@code to_name}): {@code METHOD name: error}, CatchResponseError unwrapped */
    public String describe() {
        String shown = error.startsWith("CatchResponseError(") && error.endsWith(")")
                ? error.substring("CatchResponseError(".length(), error.length() - 1)
                : error;
        return method + " " + name + ": " + shown;
    }
}
