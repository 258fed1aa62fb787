package io.github.oteldemo.loader.protocol;

import io.github.oteldemo.loader.stats.StatsError;

/**
 * A {@link StatsError} on the wire: Locust's {@code StatsError.serialize} dict.
 *
 * @param name        request name
 * @param method      HTTP method, or null
 * @param error       the error text, or null (Python's {@code None})
 * @param occurrences how many times it happened
 * @param firstSeen   epoch seconds of the first occurrence, or null from older peers
 * @param lastSeen    epoch seconds of the latest occurrence, or null from older peers
 */
public record StatsErrorData(
        @Required String name,
        String method,
        String error,
        @Required long occurrences,
        Double firstSeen,
        Double lastSeen) {

    /**
     * @param error an error group
     * @return its wire form
     */
    public static StatsErrorData of(StatsError error) {
        return new StatsErrorData(
                error.name(), error.method(), error.error(), error.occurrences(), error.firstSeen(), error.lastSeen());
    }

    /** @return the error group */
    public StatsError toError() {
        return new StatsError(
                method == null ? "" : method, name, error == null ? "None" : error, occurrences, firstSeen, lastSeen);
    }
}
