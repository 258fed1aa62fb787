package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.http.HttpTarget;
import io.github.oteldemo.loader.http.RequestTemplate;
import io.github.oteldemo.loader.telemetry.ClientRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A user class bound to a target: its tasks encoded once, and Locust's weighted pick (each
 * task appears {@code weight} times in the list a random element is chosen from).
 */
final class UserTasks {

    /** A task with its encoded request. */
    record Task(TaskSpec spec, RequestTemplate request) {

        /** @return the error text Locust's FastHttpUser would record for this status, or null for success */
        String errorFor(int status) {
            if (spec.isExpected(status)) {
                return null;
            }
            if (spec.expectStatus().isEmpty()) {
                // Locust 2.4x's FastHttpUser drops the URL from the repr of its LocustBadStatusCode.
                return "LocustBadStatusCode(code=" + status + ")";
            }
            return "CatchResponseError('Unexpected status " + status + ", expected one of " + spec.expectStatus()
                    + "')";
        }

        /** @return this task's next request as {@code --otel} traces it, its headers still empty */
        ClientRequest traced() {
            return ClientRequest.of(
                    request.method(),
                    request.url(),
                    request.target().host(),
                    request.target().port(),
                    spec.name());
        }
    }

    private final UserClassSpec userClass;
    private final List<Task> all;
    private volatile Task[] weighted;

    UserTasks(UserClassSpec userClass, HttpTarget target) {
        this.userClass = userClass;
        List<Task> encoded = new ArrayList<>();
        for (TaskSpec spec : userClass.tasks()) {
            encoded.add(new Task(
                    spec, new RequestTemplate(target, spec.method(), spec.path(), spec.headers(), spec.body())));
        }
        this.all = List.copyOf(encoded);
        this.weighted = expand(all);
    }

    private static Task[] expand(List<Task> tasks) {
        List<Task> expanded = new ArrayList<>();
        for (Task task : tasks) {
            for (int i = 0; i < task.spec().weight(); i++) {
                expanded.add(task);
            }
        }
        return expanded.toArray(Task[]::new);
    }

    /**
     * Locust's {@code update_user_class} replaces a class's {@code tasks}; running users pick from
     * the new list from their next task on, as they do from the class attribute in Locust.
     *
     * @param kept tasks of this class to pick from, a non-empty subset of its original ones
     */
    void restrictTo(List<TaskSpec> kept) {
        weighted = expand(all.stream().filter(t -> kept.contains(t.spec())).toList());
    }

    UserClassSpec userClass() {
        return userClass;
    }

    Task pick() {
        Task[] tasks = weighted;
        return tasks.length == 1 ? tasks[0] : tasks[ThreadLocalRandom.current().nextInt(tasks.length)];
    }
}
