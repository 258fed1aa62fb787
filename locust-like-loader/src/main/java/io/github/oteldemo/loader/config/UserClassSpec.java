package io.github.oteldemo.loader.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A user class of the task file: like a Locust {@code HttpUser} subclass, users of this class
 * repeatedly pick a task by weight, run it and wait.
 *
 * @param name       class name; a Locust master dispatches users by this name
 * @param weight     share of the users given to this class
 * @param waitTime   wait after each task
 * @param tasks      at least one task
 * @param fixedCount Locust's {@code fixed_count}: exactly this many users of the class, started
 *                   before any weighted one, whatever the weights (0: by weight)
 */
public record UserClassSpec(String name, int weight, WaitTimeSpec waitTime, List<TaskSpec> tasks, int fixedCount) {

    /** The class name used when no task file is given (the classic Locust example's name). */
    public static final String DEFAULT_NAME = "WebsiteUser";

    /** The user class used without a task file: {@code WebsiteUser} doing {@code GET /}, no wait. */
    public static final UserClassSpec DEFAULT =
            new UserClassSpec(DEFAULT_NAME, 1, WaitTimeSpec.NONE, List.of(TaskSpec.GET_ROOT));

    /** Applies defaults and validates; Jackson reports the exception with its location. */
    @JsonCreator
    public UserClassSpec(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("weight") Integer weight,
            @JsonProperty("wait_time") WaitTimeSpec waitTime,
            @JsonProperty(value = "tasks", required = true) List<TaskSpec> tasks,
            @JsonProperty("fixed_count") Integer fixedCount) {
        this(name, weight == null ? 1 : weight, waitTime, tasks, fixedCount == null ? 0 : fixedCount);
    }

    /**
     * A class whose users are counted by weight.
     *
     * @param name     class name
     * @param weight   share of the users
     * @param waitTime wait after each task
     * @param tasks    at least one task
     */
    public UserClassSpec(String name, int weight, WaitTimeSpec waitTime, List<TaskSpec> tasks) {
        this(name, weight, waitTime, tasks, 0);
    }

    /** Canonical constructor: fills defaults and rejects bad values. */
    public UserClassSpec {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "name must be an identifier like a Python class name, got '" + name + "'");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, got " + weight);
        }
        if (fixedCount < 0) {
            throw new IllegalArgumentException("fixed_count must be 0 or more, got " + fixedCount);
        }
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must list at least one task");
        }
        waitTime = waitTime == null ? WaitTimeSpec.NONE : waitTime;
        tasks = List.copyOf(tasks);
    }
}
