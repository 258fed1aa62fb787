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
    private final Task[] weighted;

    UserTasks(UserClassSpec userClass, HttpTarget target) {
        this.userClass = userClass;
        List<Task> expanded = new ArrayList<>();
        for (TaskSpec spec : userClass.tasks()) {
            Task task = new Task(
                    spec, new RequestTemplate(target, spec.method(), spec.path(), spec.headers(), spec.body()));
            for (int i = 0; i < spec.weight(); i++) {
                expanded.add(task);
            }
        }
        this.weighted = expanded.toArray(Task[]::new);
    }

    UserClassSpec userClass() {
        return userClass;
    }

    Task pick() {
        return weighted.length == 1
                ? weighted[0]
                : weighted[ThreadLocalRandom.current().nextInt(weighted.length)];
    }
}
