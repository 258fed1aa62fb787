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
 */
public record StatsError(String method, String name, String error, long occurrences) {

    /**
     * The key Locust files this error under in a worker report: the SHA-256 hex digest of
     * {@code method.name.error}. Workers and master only need it to be the same for the same error.
     *
     * @return a stable key for (method, name, error)
     */
    public String key() {
        return key(method, name, error);
    }

    /**
     * @param method HTTP method
     * @param name   request name
     * @param error  error text
     * @return the key of {@link #key()} for these fields
     */
    public static String key(String method, String name, String error) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((method + "." + name + "." + error).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * @param more occurrences to add
     * @return this error with {@code more} further occurrences
     */
    public StatsError plus(long more) {
        return new StatsError(method, name, error, occurrences + more);
    }

    /** @return the text Locust prints in its error report: {@code METHOD name: error} */
    public String describe() {
        return method + " " + name + ": " + error;
    }
}
