package io.github.oteldemo.loader.config;

import io.github.oteldemo.loader.http.HttpTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of Locust's {@code update_user_class}, read and checked: what its web UI's user
 * class editor posts to {@code /user} and a master sends on to its workers (on the wire, as the
 * free-form {@code protocol.UserClassUpdate}). Locust sets every key but {@code user_class_name}
 * and {@code tasks} as a class attribute and keeps, of the class's original tasks, the named ones.
 *
 * @param userClassName the class to change
 * @param host          null: unchanged; blank: the class has no host of its own again; else its
 *                      users started from now on go there
 * @param weight        null or the new weight
 * @param fixedCount    null or the new {@code fixed_count}
 * @param tasks         null or the names of the original tasks to keep
 */
public record UserClassEdit(String userClassName, String host, Integer weight, Integer fixedCount, List<String> tasks) {

    private static final Logger LOG = LoggerFactory.getLogger(UserClassEdit.class);
    private static final Set<String> KNOWN = Set.of("user_class_name", "host", "weight", "fixed_count", "tasks");

    /**
     * Reads and checks the settings as Locust's editor sends them. Keys a Java user class has no
     * attribute for are logged and skipped, not refused: a Python user class may have them.
     *
     * @param settings the JSON object or msgpack map
     * @return the edit
     * @throws IllegalArgumentException naming the setting that is missing or bad
     */
    public static UserClassEdit parse(Map<?, ?> settings) {
        if (settings == null) {
            throw new IllegalArgumentException("the user class settings must be an object with user_class_name");
        }
        if (!(settings.get("user_class_name") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("user_class_name is missing or not a text value");
        }
        settings.keySet().stream()
                .filter(key -> !KNOWN.contains(String.valueOf(key)))
                .forEach(key -> LOG.warn("User class {} has no setting '{}'; it is ignored here", name, key));
        return new UserClassEdit(
                name,
                host(settings.get("host"), settings.containsKey("host")),
                whole(settings, "weight", 1),
                whole(settings, "fixed_count", 0),
                tasks(settings.get("tasks")));
    }

    private static String host(Object value, boolean given) {
        if (!given) {
            return null;
        }
        if (value == null) {
            return "";
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("host must be a text value, got " + value);
        }
        if (!text.isBlank()) {
            HttpTarget.parse(text);
        }
        return text.strip();
    }

    private static Integer whole(Map<?, ?> settings, String key, int least) {
        if (!settings.containsKey(key)) {
            return null;
        }
        Object value = settings.get(key);
        if (value instanceof Number number
                && number.doubleValue() == Math.rint(number.doubleValue())
                && number.doubleValue() >= least
                && number.doubleValue() <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        throw new IllegalArgumentException(
                key + " must be a whole number of at least " + least + ", got " + describe(value));
    }

    private static List<String> tasks(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("tasks must be a list of task names, got " + describe(value));
        }
        if (list.isEmpty()) {
            // Locust would keep a class without tasks, whose users then fail on every pick.
            throw new IllegalArgumentException("tasks must name at least one task");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    /**
     * @param current the class's weight as earlier edits left it
     * @return the weight after this edit
     */
    public int weightOr(int current) {
        return weight == null ? current : weight;
    }

    /**
     * @param current the class's fixed count as earlier edits left it
     * @return the fixed count after this edit
     */
    public int fixedCountOr(int current) {
        return fixedCount == null ? current : fixedCount;
    }

    /**
     * Applies the edit to a class, Locust's way: the tasks are those of the original class that
     * are named (names it does not have are skipped with a warning).
     *
     * @param original the class as the task file defines it
     * @param current  the class as earlier updates left it
     * @return the class after this edit
     * @throws IllegalArgumentException when none of the named tasks is one of the class's
     */
    public UserClassSpec applyTo(UserClassSpec original, UserClassSpec current) {
        List<TaskSpec> kept = current.tasks();
        if (tasks != null) {
            kept = original.tasks().stream()
                    .filter(t -> tasks.contains(t.name()))
                    .toList();
            List<String> names =
                    original.tasks().stream().map(TaskSpec::name).distinct().toList();
            if (kept.isEmpty()) {
                throw new IllegalArgumentException("none of the tasks " + tasks + " is a task of " + userClassName
                        + " (its tasks: " + names + ")");
            }
            List<String> unknown = new ArrayList<>(tasks);
            unknown.removeAll(names);
            if (!unknown.isEmpty()) {
                LOG.warn("User class {} has no task {}; it runs the others named", userClassName, unknown);
            }
        }
        return new UserClassSpec(
                current.name(),
                weightOr(current.weight()),
                current.waitTime(),
                kept,
                fixedCountOr(current.fixedCount()));
    }

    /**
     * Applies the edit to a master's copy of a class, for {@code /tasks}. A master leaves the task
     * names to its workers, whose locustfile may have tasks its task file lacks: when it has none
     * of those named, its copy keeps the tasks it had instead of refusing an edit the workers
     * take (Locust's master would list no task for the class then).
     *
     * @param original the class as the master's task file defines it
     * @param current  the class as earlier updates left it
     * @return the class after this edit
     */
    public UserClassSpec applyToMastersCopy(UserClassSpec original, UserClassSpec current) {
        boolean namesNoneOfItsTasks =
                tasks != null && original.tasks().stream().noneMatch(t -> tasks.contains(t.name()));
        if (!namesNoneOfItsTasks) {
            return applyTo(original, current);
        }
        LOG.warn(
                "The master's task file has none of the tasks {} in {}; /tasks shows the class's earlier tasks",
                tasks,
                userClassName);
        return new UserClassEdit(userClassName, host, weight, fixedCount, null).applyTo(original, current);
    }
}
