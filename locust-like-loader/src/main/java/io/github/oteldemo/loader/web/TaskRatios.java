package io.github.oteldemo.loader.web;

import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Locust's {@code /tasks}: each user class's share of the running users and each task's share of
 * its class ({@code per_class}) or of all users ({@code total}), as {@code get_ratio} computes them
 * (a task's share is its weight over the class's total weight).
 */
final class TaskRatios {

    private TaskRatios() {}

    static Map<String, Object> of(List<UserClassSpec> userClasses, Map<String, Integer> running) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("per_class", ratios(userClasses, running, false));
        ratios.put("total", ratios(userClasses, running, true));
        return ratios;
    }

    private static Map<String, Object> ratios(
            List<UserClassSpec> userClasses, Map<String, Integer> running, boolean total) {
        int users = running.values().stream().mapToInt(Integer::intValue).sum();
        int divisor = users == 0 ? 1 : users;
        Map<String, Object> classes = new LinkedHashMap<>();
        for (UserClassSpec user : userClasses) {
            double share = running.getOrDefault(user.name(), 0) / (double) divisor;
            double parent = total ? share : 1.0;
            int weights = user.tasks().stream().mapToInt(TaskSpec::weight).sum();
            Map<String, Object> taskShares = new LinkedHashMap<>();
            for (TaskSpec task : user.tasks()) {
                double taskShare = task.weight() * parent / weights;
                taskShares.merge(
                        task.name(),
                        Map.of("ratio", taskShare),
                        (a, b) -> Map.of("ratio", (Double) ((Map<?, ?>) a).get("ratio") + taskShare));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ratio", share);
            entry.put("tasks", taskShares);
            classes.put(user.name(), entry);
        }
        return classes;
    }
}
