package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.PythonLocustfile;
import io.github.oteldemo.loader.protocol.ConnectionListener;
import io.github.oteldemo.loader.protocol.LocustVersion;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.UserException;
import io.github.oteldemo.loader.protocol.WireFields;
import io.github.oteldemo.loader.protocol.WorkerHeartbeat;
import io.github.oteldemo.loader.protocol.WorkerReport;
import io.github.oteldemo.loader.runner.ExceptionLog;
import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.runner.WorkerInfo;
import io.github.oteldemo.loader.stats.RequestStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Extra wait for client_stopped beyond the users' stop timeout (Locust waits 60 s). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long quit waits for each worker's final stats (Locust sleeps 0.5 s). */
    private static final Duration QUIT_GRACE = Duration.ofSeconds(3);

    private final MasterSettings settings;
    private final Clock clock;
    private final RequestStats stats = new RequestStats();
    private final ScheduledExecutorService control;
    private final MasterSocket socket;
    private final ScheduledFuture<?> heartbeatCheck;
    private final ExceptionLog exceptions = new ExceptionLog("master");
    private final Map<String, List<String>> workerLogs = new ConcurrentHashMap<>();

    // Everything below is touched on the control thread only, except the volatile views.
    private final WorkerTable workers;
    private final StopBarrier barrier = new StopBarrier();
    private volatile RunnerState state = RunnerState.READY;
    private volatile List<WorkerInfo> workerView = List.of();
    private volatile int userCountView;
    private volatile Map<String, Integer> classCountView = Map.of();
    private final Ramp ramp;
    private boolean closed;

    /**
     * Binds the master socket and starts listening for workers.
     *
     * @param settings where to bind, the user classes and heartbeat timings
     * @throws IllegalStateException when the port cannot be bound
     */
    public MasterRunner(MasterSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /**
     * @param settings where to bind, the user classes and heartbeat timings
     * @param clock    time source for heartbeats and spawn timestamps
     */
    MasterRunner(MasterSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.workers = new WorkerTable(settings.heartbeatLiveness(), settings.forgetMissing());
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "locust-master");
            thread.setDaemon(true);
            return thread;
        });
        this.socket = new MasterSocket(settings.bindHost(), settings.bindPort(), new Listener());
        this.ramp = new Ramp(settings, socket, control, clock, workers, () -> setState(RunnerState.RUNNING), this::restart);
        try {
            socket.start();
        } catch (RuntimeException e) {
            control.shutdownNow();
            throw e;
        }
        long every = CHECK_INTERVAL.toMillis();
        this.heartbeatCheck = control.scheduleAtFixedRate(this::checkHeartbeats, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Master listening for workers on {}:{}", settings.bindHost(), socket.port());
    }

    /** @return the port workers connect to */
    public int port() {
        return socket.port();
    }

    /**
     * Waits until {@code count} workers are connected (Locust's {@code --expect-workers}).
     *
     * @param count   workers to wait for
     * @param maxWait how long to wait at most; zero or negative waits forever
     * @return whether they connected in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitWorkers(int count, Duration maxWait) throws InterruptedException {
        long deadline = maxWait.isZero() || maxWait.isNegative() ? Long.MAX_VALUE : System.nanoTime() + maxWait.toNanos();
        long lastLog = 0;
        while (activeWorkerCount() < count) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(1)) {
                LOG.info("Waiting for workers to be ready, {} of {} connected", activeWorkerCount(), count);
                lastLog = System.nanoTime();
            }
            Thread.sleep(100);
        }
        return true;
    }

    private int activeWorkerCount() {
        return (int) workerView.stream()
                .filter(w -> w.state() != RunnerState.MISSING && w.state() != RunnerState.STOPPED)
                .count();
    }

    @Override
    public void start(int users, double rate, String newHost) {
        if (users < 0 || !(rate > 0)) {
            throw new IllegalArgumentException("users must be >= 0 and spawn rate > 0, got " + users + " and " + rate);
        }
        call(() -> {
            startOnControl(users, rate, newHost);
            return null;
        });
    }

    @Override
    public void stop() {
        if (control.isShutdown()) {
            return;
        }
        CompletableFuture<Void> stopped = call(this::stopOnControl);
        Duration wait = stopTimeout().plus(STOP_GRACE).plusSeconds(1);
        try {
            stopped.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("Timeout waiting for all workers to stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("stopping failed", e.getCause());
        }
    }

    @Override
    public synchronized void quit() {
        if (control.isShutdown()) {
            return;
        }
        stop();
        CompletableFuture<Void> lastStats = call(this::quitOnControl);
        try {
            lastStats.get(QUIT_GRACE.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Not every worker sent its final stats in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("quitting failed", e.getCause());
        }
        call(() -> {
            closed = true;
            heartbeatCheck.cancel(false);
            barrier.releaseAll();
            return null;
        });
        socket.close();
        // Pending timers (the quit grace) have nothing left to do.
        control.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RunnerState state() {
        return state;
    }

    @Override
    public int userCount() {
        return userCountView;
    }

    @Override
    public RequestStats stats() {
        return stats;
    }

    @Override
    public List<WorkerInfo> workers() {
        return workerView;
    }

    @Override
    public void resetStats() {
        stats.reset();
        exceptions.clear();
    }

    @Override
    public List<ExceptionReport> exceptions() {
        return exceptions.reports();
    }

    @Override
    public Map<String, Integer> userClassesCount() {
        return classCountView;
    }

    @Override
    public Map<String, List<String>> workerLogs() {
        return Map.copyOf(workerLogs);
    }

    /**
     * Sends changed settings of one user class to every worker (Locust's {@code update_user_class},
     * what its web UI's user class editor posts to {@code /user}).
     *
     * @param userSettings {@code user_class_name} and the attributes to set
     */
    public void updateUserClass(Map<String, Object> userSettings) {
        call(() -> {
            workers.all().forEach(w -> socket.send(new Message(Message.UPDATE_USER_CLASS, userSettings, w.id)));
            return null;
        });
    }

    // ---- control thread ----

    private <T> T call(Supplier<T> task) {
        if (control.isShutdown()) {
            throw new IllegalStateException("the master has quit");
        }
        try {
            return control.submit(task::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void onControl(Runnable task) {
        if (!control.isShutdown()) {
            try {
                control.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Quitting: late messages have nowhere to go.
                LOG.debug("dropped a task after quit");
            }
        }
    }

    private Duration stopTimeout() {
        return settings.stopTimeout() == null ? Duration.ZERO : Duration.ofMillis((long) (settings.stopTimeout() * 1000));
    }

    private void startOnControl(int users, double rate, String newHost) {
        List<WorkerNode> active = activeWorkers();
        if (active.isEmpty()) {
            LOG.warn("You can't start a distributed test before at least one worker processes has connected");
            return;
        }
        if (state != RunnerState.RUNNING && state != RunnerState.SPAWNING) {
            stats.reset();
            exceptions.clear();
        }
        LOG.info("Sending spawn jobs of {} users at {} spawn rate to {} ready workers", users,
                String.format("%.2f", rate), active.size());
        setState(RunnerState.SPAWNING);
        ramp.begin(users, rate, newHost, active.stream().map(w -> w.id).toList());
    }

    /** Locust's {@code self.start(self.target_user_count, self.spawn_rate)} after the workers changed. */
    private void restart() {
        startOnControl(ramp.targetUsers(), ramp.spawnRate(), null);
    }

    private boolean running() {
        return state == RunnerState.RUNNING;
    }

    /** Locust stops the test when no ready, spawning or running worker is left. */
    private void stopIfNoWorkerLeft(String how) {
        if (activeWorkers().isEmpty() && (state == RunnerState.SPAWNING || state == RunnerState.RUNNING)) {
            LOG.info("The last worker {}, stopping test.", how);
            stopOnControl();
        }
    }

    private CompletableFuture<Void> stopOnControl() {
        if (state == RunnerState.READY || state == RunnerState.STOPPED) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> stopped = barrier.join();
        if (state == RunnerState.STOPPING) {
            return stopped;
        }
        setState(RunnerState.STOPPING);
        ramp.reset();
        List<String> stopping = new ArrayList<>();
        for (WorkerNode worker : workers.all()) {
            if (worker.active()) {
                stopping.add(worker.id);
                socket.send(new Message(Message.STOP, null, worker.id));
            }
        }
        barrier.stopping(stopping, clock.instant().plus(stopTimeout()).plus(STOP_GRACE));
        checkStopped();
        return stopped;
    }

    private void checkStopped() {
        if (state == RunnerState.STOPPING && barrier.settle(id -> {
            WorkerNode worker = workers.get(id);
            return worker != null && worker.active();
        }, clock.instant())) {
            // The state first: whoever waited for the stop reads it as soon as it is released.
            setState(RunnerState.STOPPED);
            barrier.releaseAll();
        }
    }

    private CompletableFuture<Void> quitOnControl() {
        List<String> registered = workers.all().stream().filter(w -> w.state != RunnerState.MISSING).map(w -> w.id).toList();
        CompletableFuture<Void> done = barrier.quitting(registered);
        // Every id ever seen, not just the registered ones: a worker between client_stopped and
        // its next client_ready would otherwise keep running after the master is gone.
        for (String id : workers.everSeen()) {
            socket.send(new Message(Message.QUIT, null, id));
        }
        control.schedule(() -> done.complete(null), QUIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    private void checkHeartbeats() {
        if (closed) {
            return;
        }
        WorkerTable.Changes changes = workers.checkLiveness(clock.instant());
        for (String id : changes.missing()) {
            ramp.missing(id, running());
        }
        if (!changes.missing().isEmpty()) {
            stopIfNoWorkerLeft("went missing");
        }
        if (!changes.forgotten().isEmpty()) {
            ramp.forgotten(state == RunnerState.SPAWNING || state == RunnerState.RUNNING);
        }
        checkStopped();
        refreshViews();
    }

    private List<WorkerNode> activeWorkers() {
        return workers.active();
    }

    private void setState(RunnerState newState) {
        state = newState;
    }

    private void refreshViews() {
        workerView = workers.view();
        userCountView = workers.userCount();
        classCountView = workers.reportedClasses();
    }

    private void handle(Message message) {
        if (closed) {
            return;
        }
        String id = message.nodeId();
        WorkerNode worker = workers.get(id);
        try {
            switch (message.type()) {
                case Message.CLIENT_READY -> clientReady(id, message.data());
                case Message.HEARTBEAT -> heartbeat(worker, message);
                case Message.STATS -> stats(worker, id, WorkerReport.fromWire(message.data()));
                case Message.SPAWNING -> {
                    if (worker != null) {
                        worker.state = RunnerState.SPAWNING;
                    }
                }
                case Message.SPAWNING_COMPLETE -> {
                    if (worker != null) {
                        worker.state = RunnerState.RUNNING;
                        Object counts = message.data() instanceof Map<?, ?> map ? map.get("user_classes_count") : null;
                        if (counts != null) {
                            worker.reportedUsers = WireFields.of(message.data(), "spawning_complete data")
                                    .namedCounts("user_classes_count");
                        }
                    }
                }
                case Message.CLIENT_STOPPED -> {
                    if (state == RunnerState.STOPPING && worker != null) {
                        barrier.clientStopped(id, !worker.reportsBeforeStopped);
                    }
                    leave(id, "reported that it has stopped");
                }
                case Message.QUIT -> leave(id, Message.QUIT);
                case Message.EXCEPTION -> {
                    UserException exception = UserException.fromWire(message.data());
                    exceptions.record(id, exception.message(), exception.traceback());
                }
                case Message.LOCUSTFILE -> locustfile(id, message.data());
                case Message.LOGS -> {
                    WireFields logs = WireFields.of(message.data(), "logs data");
                    workerLogs.put(logs.string("worker_id"), logs.list("logs").stream().map(String::valueOf).toList());
                }
                default -> LOG.warn("Unknown message type received from worker {}: {}", id, message.type());
            }
        } catch (ProtocolException e) {
            LOG.error("Bad '{}' message from worker {}: {}", message.type(), id, e.getMessage());
        }
        checkStopped();
        refreshViews();
    }

    private void clientReady(String id, Object version) {
        switch (LocustVersion.check(version)) {
            case TOO_OLD -> {
                LOG.error("An old (pre 2.0) worker tried to connect ({}). That's not going to work.", id);
                return;
            }
            case OTHER_PATCH -> LOG.debug("A worker ({}) running a different patch version ({}) connected, master version is {}",
                    id, version, LocustVersion.PROTOCOL);
            case OTHER -> LOG.warn("A worker ({}) running a different version ({}) connected, master version is {}",
                    id, version, LocustVersion.PROTOCOL);
            case SAME -> { }
        }
        socket.send(new Message(Message.ACK, Map.of("index", workers.index(id)), id));
        boolean known = workers.get(id) != null;
        workers.ready(id, LocustVersion.isJavaWorker(version), clock.instant());
        if (known) {
            LOG.debug("{} (index {}) reported as ready (duplicate message). {} workers connected.", id, workers.index(id),
                    activeWorkers().size());
        } else {
            LOG.info("{} (index {}) reported as ready. {} workers connected.", id, workers.index(id), activeWorkers().size());
        }
        ramp.joined(id, running());
    }

    /** Locust's answer to a worker started with {@code -f -}: the locustfile, or an error. */
    private void locustfile(String id, Object data) {
        Object version = data instanceof Map<?, ?> map ? map.get("version") : null;
        if (LocustVersion.check(version) == LocustVersion.Match.TOO_OLD) {
            LOG.error("A very old worker version requested locustfile. This probably won't work.");
        }
        PythonLocustfile offered = settings.locustfile();
        Map<String, Object> reply = offered == null
                ? Map.of("error", "this master has no locustfile to offer")
                : Map.of("locustfiles", List.of(Map.of("filename", offered.filename(), "contents", offered.contents())));
        LOG.debug("Worker {} requested locust file", id);
        socket.send(new Message(Message.LOCUSTFILE, reply, id));
    }

    private void heartbeat(WorkerNode worker, Message message) throws ProtocolException {
        if (worker == null) {
            LOG.debug("Got heartbeat message from unknown worker {}", message.nodeId());
            return;
        }
        WorkerHeartbeat beat = WorkerHeartbeat.fromWire(message.data());
        if (workers.heartbeat(worker, beat.state(), beat.cpuUsage(), beat.memoryUsage(), clock.instant())) {
            ramp.joined(worker.id, running());
        }
        socket.send(new Message(Message.HEARTBEAT, null, worker.id));
    }

    private void stats(WorkerNode worker, String id, WorkerReport report) {
        // Counted even from a worker that already left: its last report follows its goodbye.
        stats.merge(report.toRequestStats());
        barrier.statsArrived(id);
        if (worker != null) {
            worker.reportedUsers = report.userClassesCount();
        }
    }

    private void leave(String id, String why) {
        WorkerNode worker = workers.remove(id);
        if (worker == null) {
            LOG.warn("Received a goodbye from an unknown worker: {}", id);
            return;
        }
        LOG.info("Worker {} (index {}) {}, removing from running workers", id, workers.index(id), why);
        ramp.left(id, running());
        if (Message.QUIT.equals(why)) {
            stopIfNoWorkerLeft("quit");
        }
    }

    /** Moves socket events onto the control thread. */
    private final class Listener implements ConnectionListener {
        @Override
        public void onMessage(Message message) {
            onControl(() -> handle(message));
        }

        @Override
        public void onMalformed(String peer, ProtocolException error) {
            LOG.error("RPCError when receiving from worker {}: {}. Asking it to reconnect.", peer, error.getMessage());
            onControl(() -> socket.send(new Message(Message.RECONNECT, null, peer)));
        }
    }
}
