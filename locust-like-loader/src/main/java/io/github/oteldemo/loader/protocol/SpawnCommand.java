package io.github.oteldemo.loader.protocol;

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
        @Required double timestamp,
        @Required Map<String, Integer> userClassesCount,
        String host,
        Double stopTimeout,
        Map<String, Object> parsedOptions) {

    /**
     * @param timestamp        master's epoch seconds
     * @param userClassesCount user class name to count
     * @param host             target base URL, or null
     * @param stopTimeout      seconds, or null
     * @param parsedOptions    master options, or null for none
     * @throws IllegalArgumentException when a count is negative
     */
    public SpawnCommand {
        userClassesCount = UserCounts.checked(userClassesCount);
        parsedOptions = parsedOptions == null ? Map.of() : parsedOptions;
    }

    /** @return the total number of users */
    public int userCount() {
        return UserCounts.total(userClassesCount);
    }
}
