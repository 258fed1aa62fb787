package io.github.oteldemo.loader.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Locust release whose master/worker protocol this loader speaks, and Locust's check of the
 * version a worker announces in {@value Message#CLIENT_READY}.
 */
public final class LocustVersion {

    private static final Logger LOG = LoggerFactory.getLogger(LocustVersion.class);

    /** The Locust release the protocol follows. */
    public static final String PROTOCOL = "2.47.0";
    /**
     * What a Java worker announces: Locust's version with a PEP 440 local label. A Python master
     * compares only the first four characters, so it accepts it quietly; a Java master reads the
     * label to know that the worker sends its last stats before {@value Message#CLIENT_STOPPED}.
     */
    public static final String WORKER = PROTOCOL + "+locust-like-loader";

    /** How a worker's announced version relates to ours. */
    public enum Match {
        /** No version (a pre-2.0 worker): Locust refuses it. */
        TOO_OLD,
        /** The same version, or {@code -1} (a worker that skips the check). */
        SAME,
        /** The same major.minor (Locust compares the first four characters): a debug line. */
        OTHER_PATCH,
        /** Anything else: Locust warns. */
        OTHER
    }

    private LocustVersion() {}

    /**
     * Locust's master logic for {@code client_ready}: falsy data is too old, {@code -1} and the
     * master's own version are the same, equal first four characters are another patch.
     *
     * @param announced the {@code client_ready} data
     * @return how it matches {@link #PROTOCOL}
     */
    public static Match check(Object announced) {
        if (announced == null
                || Boolean.FALSE.equals(announced)
                || "".equals(announced)
                || (announced instanceof Number n && n.doubleValue() == 0)) {
            return Match.TOO_OLD;
        }
        if (announced instanceof Number n && n.longValue() == -1 || PROTOCOL.equals(announced)) {
            return Match.SAME;
        }
        if (announced instanceof String text && prefix(text).equals(prefix(PROTOCOL))) {
            return Match.OTHER_PATCH;
        }
        return Match.OTHER;
    }

    /**
     * @param announced the {@code client_ready} data
     * @return whether it is a Java worker of this loader
     */
    public static boolean isJavaWorker(Object announced) {
        return announced instanceof String text && text.endsWith("+locust-like-loader")
                || announced instanceof Number n && n.longValue() == -1;
    }

    /**
     * Locust's master checks of a {@code client_ready}, with its log lines.
     *
     * @param worker    the worker's id
     * @param announced the {@code client_ready} data
     * @return whether the worker is accepted (it is not when it sent no version)
     */
    public static boolean admit(String worker, Object announced) {
        switch (check(announced)) {
            case TOO_OLD -> {
                LOG.error("An old (pre 2.0) worker tried to connect ({}). That's not going to work.", worker);
                return false;
            }
            case OTHER_PATCH ->
                LOG.debug(
                        "A worker ({}) running a different patch version ({}) connected, master version is {}",
                        worker,
                        announced,
                        PROTOCOL);
            case OTHER ->
                LOG.warn(
                        "A worker ({}) running a different version ({}) connected, master version is {}",
                        worker,
                        announced,
                        PROTOCOL);
            case SAME -> {}
        }
        return true;
    }

    private static String prefix(String version) {
        return version.length() <= 4 ? version : version.substring(0, 4);
    }
}
