package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassEdit;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.dispatch.UsersDispatcher;
import io.github.oteldemo.loader.http.HttpTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's user classes as the task file defines them and as {@code update_user_class} left
 * them (Locust changes the class attributes themselves), with each class's tasks encoded once per
 * target and shared by its users, so a change of tasks reaches running users. Thread-safe.
 */
final class UserClasses {

    private static final Logger LOG = LoggerFactory.getLogger(UserClasses.class);

    private final Map<String, UserClassSpec> original = new LinkedHashMap<>();
    private volatile List<UserClassSpec> current;
    private final Map<String, String> hosts = new HashMap<>();
    private final Map<String, UserTasks> bound = new HashMap<>();

    UserClasses(TaskFile taskFile) {
        taskFile.users().forEach(c -> original.put(c.name(), c));
        current = List.copyOf(taskFile.users());
    }

    /** @return the classes with their current weights, fixed counts and tasks, in task-file order */
    List<UserClassSpec> current() {
        return current;
    }

    /** @return the classes as a {@link UsersDispatcher} takes them, with their current weights and fixed counts */
    List<UsersDispatcher.UserClass> dispatched() {
        return current.stream()
                .map(c -> new UsersDispatcher.UserClass(c.name(), c.weight(), c.fixedCount()))
                .toList();
    }

    /** @return the task file's class names, in order */
    List<String> names() {
        return List.copyOf(original.keySet());
    }

    /**
     * @param name        a class name
     * @param defaultHost the run's host
     * @return where users of the class started now go
     */
    synchronized String hostFor(String name, String defaultHost) {
        return hosts.getOrDefault(name, defaultHost);
    }

    /**
     * Locust's runners set every class's host to the environment's at each start when there is
     * one: a local run always (its host outlives the start), a worker when the spawn carries one.
     *
     * @param host the start's host, or null
     */
    synchronized void startOn(String host) {
        if (host != null) {
            hosts.clear();
        }
    }

    /**
     * @param userClass a class of {@link #current()}
     * @param target    where its users send their requests
     * @return the class's tasks for that target, limited to its current ones
     */
    synchronized UserTasks bind(UserClassSpec userClass, HttpTarget target) {
        return bound.computeIfAbsent(userClass.name() + " " + target, k -> {
            UserTasks tasks = new UserTasks(original.get(userClass.name()), target);
            tasks.restrictTo(currentOf(userClass.name()).tasks());
            return tasks;
        });
    }

    /**
     * Applies Locust's {@code update_user_class}.
     *
     * @param settings {@code user_class_name} and the attributes to set
     * @throws IllegalArgumentException for an unknown class or a bad value; nothing is changed then
     */
    synchronized void update(Map<String, Object> settings) {
        UserClassEdit edit = UserClassEdit.parse(settings);
        String name = edit.userClassName();
        if (!original.containsKey(name)) {
            throw new IllegalArgumentException(
                    "unknown user class '" + name + "' (this task file defines " + names() + ")");
        }
        UserClassSpec changed = edit.applyTo(original.get(name), currentOf(name));
        List<UserClassSpec> next = new ArrayList<>(current);
        next.replaceAll(c -> c.name().equals(name) ? changed : c);
        current = List.copyOf(next);
        if (edit.host() != null && edit.host().isEmpty()) {
            hosts.remove(name);
        } else if (edit.host() != null) {
            hosts.put(name, edit.host());
        }
        bound.forEach((key, tasks) -> {
            if (tasks.userClass().name().equals(name)) {
                tasks.restrictTo(changed.tasks());
            }
        });
        LOG.info(
                "User class {} updated: weight {}, fixed_count {}, tasks {}{}",
                name,
                changed.weight(),
                changed.fixedCount(),
                changed.tasks().stream().map(TaskSpec::name).distinct().toList(),
                hosts.containsKey(name) ? ", host " + hosts.get(name) : "");
    }

    private UserClassSpec currentOf(String name) {
        return current.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
