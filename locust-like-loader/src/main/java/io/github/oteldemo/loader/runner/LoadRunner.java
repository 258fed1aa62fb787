package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.stats.RequestStats;
import java.util.List;
import java.util.Map;

/**
 * Drives a load test; the web UI, the JSON API, the headless report and the thresholds work only
 * against this interface, so a local run and a master of workers look the same to them.
 * Implementations are thread-safe.
 */
public interface LoadRunner {

    /**
     * Starts users, or re-scales a running test to {@code users}, adding or removing
     * {@code spawnRate} users per second (Locust's {@code runner.start}).
     *
     * @param users     the wanted number of users
     * @param spawnRate users started (or stopped) per second; must be positive
     * @param host      base URL of the target, e.g. {@code http://app:8080}; null keeps the current one
     */
    void start(int users, double spawnRate, String host);

    /** Stops every user; the runner can be started again and its stats are kept. */
    void stop();

    /** Stops every user and releases the runner's resources (connections, threads, sockets). */
    void quit();

    /** @return the current state */
    RunnerState state();

    /** @return users currently running (all workers together for a master) */
    int userCount();

    /** @return the statistics shown to the user (merged from the workers for a master) */
    RequestStats stats();

    /** @return the connected workers; empty when running standalone */
    default List<WorkerInfo> workers() {
        return List.of();
    }

    /** @return users running per class (for a master: as the workers report them) */
    Map<String, Integer> userClassesCount();

    /**
     * Locust's {@code environment.user_classes}, whose attributes {@code update_user_class}
     * changes in place: what {@code /tasks} reports must follow the edits.
     *
     * @return the user classes with the weights, fixed counts and tasks the last edits left, in task-file order
     */
    List<UserClassSpec> userClasses();

    /** @return the recent log lines each worker sent, by worker id (Locust's {@code worker_logs}); empty when standalone */
    default Map<String, List<String>> workerLogs() {
        return Map.of();
    }

    /**
     * Locust's {@code update_user_class} (its web UI's user class editor, {@code POST /user}): sets
     * a class's {@code host}, {@code weight} and {@code fixed_count} and keeps, of its original
     * tasks, those named in {@code tasks}; a master also sends the settings to its workers.
     *
     * @param userSettings {@code user_class_name} and the attributes to set
     * @throws IllegalArgumentException for an unknown class or a bad value, with a message for the user
     */
    void updateUserClass(Map<String, Object> userSettings);

    /** Clears the statistics and the exceptions (Locust's {@code /stats/reset}). */
    void resetStats();

    /** @return exceptions raised in users, grouped by message and traceback */
    List<ExceptionReport> exceptions();
}
