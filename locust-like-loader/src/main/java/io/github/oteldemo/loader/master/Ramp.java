package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.UserClassEdit;
import io.github.oteldemo.loader.dispatch.UsersDispatcher;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.RampUpComplete;
import io.github.oteldemo.loader.protocol.SpawnCommand;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's ramp-up and ramp-down, as Locust's {@code MasterRunner.start}: each step of the
 * {@link UsersDispatcher} goes to every worker as a {@code spawn}, the next after the
 * dispatcher's wait; at the end it waits up to a second for the workers to report the users,
 * then tells them {@code spawning_complete}. Workers joining or leaving change the spread as in
 * Locust. Control thread only.
 */
final class Ramp {

    private static final Logger LOG = LoggerFactory.getLogger(Ramp.class);
    /** Locust's default LOCUST_WAIT_FOR_WORKERS_REPORT_AFTER_RAMP_UP. */
    private static final long REPORT_WAIT_MILLIS = 1_000;

    private static final long REPORT_POLL_MILLIS = 10;

    private final MasterSettings settings;
    private final MasterSocket socket;
    private final ScheduledExecutorService control;
    private final Clock clock;
    private final WorkerTable workers;
    private final Runnable completed;
    private final Runnable restart;
    private UsersDispatcher dispatcher;
    private List<UsersDispatcher.UserClass> classes;
    private ScheduledFuture<?> next;
    private int targetUsers;
    private double spawnRate = 1;
    private String host;
    private boolean spawningCompleted;
    private double lastSpawnTimestamp;

    /**
     * @param completed called when all users are spawned (the master turns running)
     * @param restart   Locust's {@code self.start(target_user_count, spawn_rate)}: a new cycle to the same target
     */
    Ramp(
            MasterSettings settings,
            MasterSocket socket,
            ScheduledExecutorService control,
            Clock clock,
            WorkerTable workers,
            Runnable completed,
            Runnable restart) {
        this.settings = settings;
        this.socket = socket;
        this.control = control;
        this.clock = clock;
        this.workers = workers;
        this.completed = completed;
        this.restart = restart;
        this.host = settings.host();
        this.classes = settings.dispatchedClasses();
    }

    int targetUsers() {
        return targetUsers;
    }

    double spawnRate() {
        return spawnRate;
    }

    String host() {
        return host;
    }

    /** Starts a dispatch cycle towards {@code users}, from whatever runs now. */
    void begin(int users, double rate, String newHost, List<String> activeWorkers) {
        cancel();
        if (newHost != null) {
            host = newHost;
        }
        spawningCompleted = false;
        targetUsers = users;
        spawnRate = rate;
        if (dispatcher == null) {
            dispatcher = new UsersDispatcher(activeWorkers, classes);
        }
        dispatcher.newDispatch(users, rate);
        next = control.schedule(this::step, 0, TimeUnit.MILLISECONDS);
    }

    /** Stops ramping and forgets the spread (Locust drops its dispatcher on stop). */
    void reset() {
        cancel();
        dispatcher = null;
        targetUsers = 0;
    }

    /**
     * A class's weight or fixed count changed (Locust's {@code update_user_class} on a master).
     *
     * @throws IllegalArgumentException for a class this master does not dispatch
     */
    void updateUserClass(UserClassEdit edit) {
        List<String> names =
                classes.stream().map(UsersDispatcher.UserClass::name).toList();
        if (!names.contains(edit.userClassName())) {
            throw new IllegalArgumentException(
                    "unknown user class '" + edit.userClassName() + "' (this master's classes are " + names + ")");
        }
        classes = classes.stream()
                .map(c -> !c.name().equals(edit.userClassName())
                        ? c
                        : new UsersDispatcher.UserClass(
                                c.name(), edit.weightOr(c.weight()), edit.fixedCountOr(c.fixedCount())))
                .toList();
        if (dispatcher != null) {
            dispatcher.userClasses(classes);
        }
    }

    /** A worker registered or came back from missing. */
    void joined(String id, boolean running) {
        if (dispatcher != null) {
            dispatcher.addWorker(id);
            if (!dispatcher.dispatchInProgress() && running) {
                restart.run();
                return;
            }
        }
        if (settings.rebalancing() && running && spawningCompleted) {
            restart.run();
        }
    }

    /** A worker stopped or quit. */
    void left(String id, boolean running) {
        if (dispatcher != null) {
            dispatcher.removeWorker(id);
            if (!dispatcher.dispatchInProgress() && running) {
                restart.run();
            }
        }
    }

    /** A worker went missing: its users are respread only with rebalancing, as in Locust. */
    void missing(String id, boolean running) {
        if (dispatcher != null) {
            dispatcher.removeWorker(id);
            if (settings.rebalancing() && running && spawningCompleted) {
                restart.run();
            }
        }
    }

    /** A long-missing worker was dropped: Locust starts over with a fresh dispatcher. */
    void forgotten(boolean testActive) {
        if (testActive) {
            dispatcher = null;
            restart.run();
        }
    }

    private void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void step() {
        Map<String, Map<String, Integer>> spread = dispatcher == null ? null : dispatcher.next();
        if (spread == null) {
            awaitReports(clock.millis() + REPORT_WAIT_MILLIS);
            return;
        }
        for (Map.Entry<String, Map<String, Integer>> worker : spread.entrySet()) {
            SpawnCommand command = new SpawnCommand(
                    nextSpawnTimestamp(), worker.getValue(), host, settings.stopTimeout(), settings.parsedOptions());
            socket.send(new Message(Message.SPAWN, command, worker.getKey()));
        }
        long delay = Math.round(dispatcher.delayBeforeNext() * 1_000_000);
        next = control.schedule(this::step, delay, TimeUnit.MICROSECONDS);
    }

    /** Locust waits for the workers to report the users before it calls the ramp-up complete. */
    private void awaitReports(long deadline) {
        if (workers.userCount() != targetUsers && clock.millis() < deadline) {
            next = control.schedule(() -> awaitReports(deadline), REPORT_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        next = null;
        spawningCompleted = true;
        LOG.info("All users spawned: {} ({} total users)", workers.reportedClasses(), workers.userCount());
        completed.run();
        RampUpComplete done = new RampUpComplete(dispatcher == null ? targetUsers : dispatcher.currentUserCount());
        workers.all().forEach(w -> socket.send(new Message(Message.SPAWNING_COMPLETE, done, w.id)));
    }

    private double nextSpawnTimestamp() {
        // Workers drop a spawn that is not newer than the previous one: keep them strictly increasing.
        lastSpawnTimestamp = Math.max(clock.millis() / 1000.0, Math.nextUp(lastSpawnTimestamp));
        return lastSpawnTimestamp;
    }
}
