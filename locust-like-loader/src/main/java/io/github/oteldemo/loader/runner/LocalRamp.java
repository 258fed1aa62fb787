package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.dispatch.UsersDispatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A standalone run's ramp, as Locust's {@code LocalRunner}: the steps of a {@link UsersDispatcher}
 * with this process as its one node, each after the dispatcher's wait, so the users per class
 * ({@code fixed_count}, weights) and the pace are those of a master. The dispatcher takes the
 * classes as {@code update_user_class} left them, when it is made and through its setter while it
 * lives. Control thread only.
 */
final class LocalRamp {

    private static final String NODE = "local"; // the name of Locust's LocalRunner's one node

    private final ScheduledExecutorService control;
    private final UserClasses classes;
    private final Consumer<Map<String, Integer>> adjust;
    private final Runnable spawned;
    private UsersDispatcher dispatcher;
    private ScheduledFuture<?> next;

    /**
     * @param control the runner's control thread, which every step runs on
     * @param classes the runner's user classes
     * @param adjust  runs the given users per class
     * @param spawned called when the target is reached
     */
    LocalRamp(
            ScheduledExecutorService control,
            UserClasses classes,
            Consumer<Map<String, Integer>> adjust,
            Runnable spawned) {
        this.control = control;
        this.classes = classes;
        this.adjust = adjust;
        this.spawned = spawned;
    }

    /** Starts a dispatch cycle towards {@code users}, from whatever runs now. */
    void begin(int users, double spawnRate) {
        cancel();
        if (dispatcher == null) {
            dispatcher = new UsersDispatcher(List.of(NODE), classes.dispatched());
        }
        dispatcher.newDispatch(users, spawnRate);
        next = control.schedule(this::step, 0, TimeUnit.NANOSECONDS);
    }

    private void step() {
        Map<String, Map<String, Integer>> spread = dispatcher == null ? null : dispatcher.next();
        if (spread == null) {
            next = null;
            spawned.run();
            return;
        }
        adjust.accept(spread.get(NODE));
        long delay = Math.round(dispatcher.delayBeforeNext() * 1e9);
        next = control.schedule(this::step, delay, TimeUnit.NANOSECONDS);
    }

    /** A class's weight or fixed count changed: the dispatcher, if any, reads them as a master's does. */
    void classesChanged() {
        if (dispatcher != null) {
            dispatcher.userClasses(classes.dispatched());
        }
    }

    /** Stops stepping; the users keep their spread for the next cycle. */
    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    /** Stops stepping and forgets the spread, as Locust drops its dispatcher: the next start ramps from zero. */
    void reset() {
        cancel();
        dispatcher = null;
    }
}
