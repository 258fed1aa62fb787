package io.github.oteldemo.loader.protocol;

import java.util.Map;

/** The {@code user_classes_count} maps of spawn, spawning_complete and stats messages. */
final class UserCounts {

    private UserCounts() {}

    /**
     * @param counts user class name to users, as read (no null keys or values)
     * @return an immutable copy
     * @throws IllegalArgumentException when a count is negative
     */
    static Map<String, Integer> checked(Map<String, Integer> counts) {
        counts.forEach((name, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("user_classes_count[" + name + "] is negative: " + count);
            }
        });
        return Map.copyOf(counts);
    }

    /**
     * @param counts user class name to users
     * @return the users in all
     */
    static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
