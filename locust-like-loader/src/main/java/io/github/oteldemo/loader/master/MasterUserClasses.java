package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.UserClassEdit;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import java.util.List;
import java.util.Map;

/**
 * A master's side of Locust's {@code update_user_class}: the dispatcher takes the new weight and
 * fixed count (as Locust's reads them), every worker gets the settings, and the master's own copy
 * of the class changes too, as Locust's master's does, so that {@code /tasks} reports the edit.
 * Task names are the workers' to check: a master runs no users. Edited on the control thread,
 * read from any.
 */
final class MasterUserClasses {

    private final List<UserClassSpec> original;
    private final Ramp ramp;
    private final MasterSocket socket;
    private final WorkerTable workers;
    private volatile List<UserClassSpec> current;

    /**
     * @param original the task file's classes; empty when the master was given weights only
     */
    MasterUserClasses(List<UserClassSpec> original, Ramp ramp, MasterSocket socket, WorkerTable workers) {
        this.original = List.copyOf(original);
        this.ramp = ramp;
        this.socket = socket;
        this.workers = workers;
        this.current = this.original;
    }

    List<UserClassSpec> current() {
        return current;
    }

    /**
     * @param edit     the checked settings
     * @param settings the settings as posted, which the workers get as they are
     * @throws IllegalArgumentException for a class the dispatcher does not know; nothing is changed then
     */
    void update(UserClassEdit edit, Map<String, Object> settings) {
        ramp.updateUserClass(edit);
        current = current.stream()
                .map(c -> c.name().equals(edit.userClassName()) ? edit.applyToMastersCopy(originalOf(c.name()), c) : c)
                .toList();
        workers.all().forEach(w -> socket.send(new Message(Message.UPDATE_USER_CLASS, settings, w.id)));
    }

    private UserClassSpec originalOf(String name) {
        return original.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
