package io.github.oteldemo.loader.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A user class's {@code wait_time}, with Locust's four kinds:
 * {@code between} (uniform in [min, max] seconds), {@code constant} ({@code seconds}),
 * {@code constant_pacing} (a task starts every {@code seconds}) and
 * {@code constant_throughput} ({@code task_runs_per_second} per user).
 *
 * @param type              one of the kinds above
 * @param min               lower bound for {@code between}
 * @param max               upper bound for {@code between}
 * @param seconds           for {@code constant} and {@code constant_pacing}
 * @param taskRunsPerSecond for {@code constant_throughput}
 */
public record WaitTimeSpec(String type, Double min, Double max, Double seconds, Double taskRunsPerSecond) {

    /** No wait between tasks, Locust 2's default. */
    public static final WaitTimeSpec NONE = new WaitTimeSpec("constant", null, null, 0.0, null);

    /** Validates the fields needed by {@code type}; Jackson reports the exception with its location. */
    @JsonCreator
    public WaitTimeSpec(
            @JsonProperty(value = "type", required = true) String type,
            @JsonProperty("min") Double min,
            @JsonProperty("max") Double max,
            @JsonProperty("seconds") Double seconds,
            @JsonProperty("task_runs_per_second") Double taskRunsPerSecond) {
        this.type = type.toLowerCase(Locale.ROOT);
        this.min = min;
        this.max = max;
        this.seconds = seconds;
        this.taskRunsPerSecond = taskRunsPerSecond;
        switch (this.type) {
            case "between" -> {
                requireNonNegative("min", min);
                requireNonNegative("max", max);
                if (max < min) {
                    throw new IllegalArgumentException("max (" + max + ") is below min (" + min + ")");
                }
            }
            case "constant", "constant_pacing" -> requireNonNegative("seconds", seconds);
            case "constant_throughput" -> {
                if (taskRunsPerSecond == null || taskRunsPerSecond <= 0) {
                    throw new IllegalArgumentException("task_runs_per_second must be a positive number");
                }
            }
            default ->
                throw new IllegalArgumentException("unknown wait_time type '" + type
                        + "' (use between, constant, constant_pacing or constant_throughput)");
        }
    }

    private static void requireNonNegative(String field, Double value) {
        if (value == null || value < 0) {
            throw new IllegalArgumentException(field + " must be a number >= 0");
        }
    }

    /**
     * How long a user waits after a task, as Locust's wait_time functions compute it.
     *
     * @param taskElapsedNanos how long the task that just ended took (pacing subtracts it)
     * @return the delay in nanoseconds, never negative
     */
    public long delayNanos(long taskElapsedNanos) {
        double delaySeconds = switch (type) {
            case "between" -> min + ThreadLocalRandom.current().nextDouble() * (max - min);
            case "constant" -> seconds;
            case "constant_pacing" -> seconds - taskElapsedNanos / 1e9;
            default -> 1.0 / taskRunsPerSecond - taskElapsedNanos / 1e9;
        };
        return Math.max(0, (long) (delaySeconds * 1e9));
    }
}
