package io.github.oteldemo.loader.protocol;

import java.util.Map;

/**
 * The payload of a worker's {@value Message#SPAWNING_COMPLETE}: the users it runs now.
 *
 * @param userClassesCount user class name to users
 * @param userCount        users in all
 */
public record SpawningComplete(@Required Map<String, Integer> userClassesCount, int userCount) {

    /**
     * @param userClassesCount user class name to users
     * @param userCount        users in all
     * @throws IllegalArgumentException when a count is negative
     */
    public SpawningComplete {
        userClassesCount = UserCounts.checked(userClassesCount);
    }

    /**
     * @param running user class name to the users running
     * @return the payload, with the users in all
     */
    public static SpawningComplete of(Map<String, Integer> running) {
        return new SpawningComplete(running, UserCounts.total(running));
    }
}
