package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.UserClassEdit;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.protocol.ConnectionListener;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.runner.WorkerInfo;
import io.github.oteldemo.loader.stats.RequestStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Locust-compatible master: Java and Python workers connect to its ROUTER socket, it spreads
 * users over them like Locust's dispatcher, watches their heartbeats and merges their stats.
 *
 * <p>All state lives on one control thread: socket events, API calls, ramp-up steps and the
 * heartbeat check are tasks on it, so nothing needs a lock and every decision sees one
 * consistent view of the workers. API methods wait for their task, not for the ramp-up.
 */
public final class MasterRunner implements LoadRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MasterRunner.class);
    /** Locust's HEARTBEAT_INTERVAL: how often liveness is checked. */
    private static final long CHECK_MILLIS = 1_000;
    /** Extra wait for client_stopped beyond the users' stop timeout (Locust waits 60 s). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long quit waits for each worker's final stats (Locust sleeps 0.5 s). */
    private static final Duration QUIT_GRACE = Duration.ofSeconds(3);

    private final MasterSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final WorkerResults results;
    private final ControlThread control = new ControlThread();
    private final MasterSocket socket;
    private final ScheduledFuture<?> heartbeatCheck;

    // Everything below is touched on the control thread only, except the volatile views.
    private final WorkerTable workers;
    private final StopBarrier barrier;
    private volatile RunnerState state = RunnerState.READY;
    private final MasterUserClasses userClasses;
    private final Ramp ramp;
    private final WorkerEvents events;
    private boolean closed;

    /**
     * Binds the master socket and starts listening for workers.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public MasterRunner(MasterSettings settings) {
        this.settings = settings;
        this.socket = new MasterSocket(settings.bindHost(), settings.bindPort(), new Listener());
        this.workers = new WorkerTable(settings.heartbeatLiveness(), settings.forgetMissing(), socket.codec());
        this.results = new WorkerResults(socket.codec());
        this.barrier = new StopBarrier(socket, workers);
        this.ramp = new Ramp(
                settings, socket, control.executor(), clock, workers, () -> state = RunnerState.RUNNING, this::restart);
        this.events = new WorkerEvents(
                socket,
                workers,
                results,
                barrier,
                ramp,
                settings.locustfile(),
                clock,
                () -> state,
                this::stopOnControl);
        this.userClasses = new MasterUserClasses(settings.userClasses(), ramp, socket, workers);
        try {
            socket.start();
        } catch (RuntimeException e) {
            control.shutdown();
            throw e;
        }
        this.heartbeatCheck = control.executor()
                .scheduleAtFixedRate(
                        () -> onWorkerEvent(events::checkHeartbeats),
                        CHECK_MILLIS,
                        CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
        LOG.info("Master listening for workers on {}:{}", settings.bindHost(), socket.port());
    }

    /** @return the port workers connect to (the one chosen when 0 was asked) */
    public int port() {
        return socket.port();
    }

    /** Locust's {@code --expect-workers}: whether {@code count} workers connected within {@code maxWait} (not positive: forever). */
    public boolean awaitWorkers(int count, Duration maxWait) throws InterruptedException {
        return workers.awaitActive(count, maxWait);
    }

    @Override
    public void start(int users, double rate, String newHost) {
        if (users < 0 || !(rate > 0)) {
            throw new IllegalArgumentException("users must be >= 0 and spawn rate > 0, got " + users + " and " + rate);
        }
        control.run(() -> startOnControl(users, rate, newHost));
    }

    @Override
    public void stop() {
        if (control.isShutdown()) {
            return;
        }
        Duration wait = settings.stopTimeoutDuration().plus(STOP_GRACE).plusSeconds(1);
        StopBarrier.await(control.call(this::stopOnControl), wait, "Timeout waiting for all workers to stop");
    }

    @Override
    public synchronized void quit() {
        if (control.isShutdown()) {
            return;
        }
        stop();
        StopBarrier.await(
                control.call(() -> barrier.quitWorkers(control.executor(), QUIT_GRACE)),
                QUIT_GRACE.plusMillis(500),
                "Not every worker sent its final stats in time");
        control.run(() -> {
            closed = true;
            heartbeatCheck.cancel(false);
            barrier.releaseAll();
        });
        socket.close();
        control.shutdown();
    }

    @Override
    public RunnerState state() {
        return state;
    }

    @Override
    public int userCount() {
        return workers.userCountView();
    }

    @Override
    public RequestStats stats() {
        return results.stats();
    }

    @Override
    public List<WorkerInfo> workers() {
        return workers.workerView();
    }

    @Override
    public void resetStats() {
        results.reset();
    }

    @Override
    public List<ExceptionReport> exceptions() {
        return results.exceptions();
    }

    @Override
    public List<UserClassSpec> userClasses() {
        return userClasses.current();
    }

    @Override
    public Map<String, Integer> userClassesCount() {
        return workers.classView();
    }

    @Override
    public Map<String, List<String>> workerLogs() {
        return results.logs();
    }

    @Override
    public void updateUserClass(Map<String, Object> userSettings) {
        UserClassEdit edit = UserClassEdit.parse(userSettings);
        control.run(() -> userClasses.update(edit, userSettings));
    }

    // ---- control thread ----

    private void startOnControl(int users, double rate, String newHost) {
        List<WorkerNode> active = workers.active();
        if (active.isEmpty()) {
            LOG.warn("You can't start a distributed test before at least one worker processes has connected");
            return;
        }
        if (state != RunnerState.RUNNING && state != RunnerState.SPAWNING) {
            results.reset();
        }
        LOG.info(
                "Sending spawn jobs of {} users at {} spawn rate to {} ready workers",
                users,
                String.format("%.2f", rate),
                active.size());
        state = RunnerState.SPAWNING;
        ramp.begin(users, rate, newHost, active.stream().map(w -> w.id).toList());
    }

    /** Locust's {@code self.start(self.target_user_count, self.spawn_rate)} after the workers changed. */
    private void restart() {
        startOnControl(ramp.targetUsers(), ramp.spawnRate(), null);
    }

    private CompletableFuture<Void> stopOnControl() {
        if (state == RunnerState.READY || state == RunnerState.STOPPED) {
            return CompletableFuture.completedFuture(null);
        }
        if (state == RunnerState.STOPPING) {
            return barrier.join();
        }
        state = RunnerState.STOPPING;
        ramp.reset();
        CompletableFuture<Void> stopped = barrier.stopWorkers(
                clock.instant().plus(settings.stopTimeoutDuration()).plus(STOP_GRACE));
        checkStopped();
        return stopped;
    }

    private void checkStopped() {
        if (state == RunnerState.STOPPING && barrier.settle(clock.instant())) {
            // The state first: whoever waited for the stop reads it as soon as it is released.
            state = RunnerState.STOPPED;
            barrier.releaseAll();
        }
    }

    /** Any worker event may complete a stop under way and changes what the API shows; after quit, none counts. */
    private void onWorkerEvent(Runnable event) {
        if (closed) {
            return;
        }
        event.run();
        checkStopped();
        workers.refreshViews();
    }

    /** Moves socket events onto the control thread. */
    private final class Listener implements ConnectionListener {
        @Override
        public void onMessage(Message message) {
            control.execute(() -> onWorkerEvent(() -> events.handle(message)));
        }

        @Override
        public void onMalformed(String peer, ProtocolException error) {
            LOG.error("RPCError when receiving from worker {}: {}. Asking it to reconnect.", peer, error.getMessage());
            control.execute(() -> socket.send(new Message(Message.RECONNECT, null, peer)));
        }
    }
}
