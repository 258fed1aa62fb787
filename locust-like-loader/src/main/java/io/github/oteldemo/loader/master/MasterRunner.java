package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.protocol.ConnectionListener;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.SpawnCommand;
import io.github.oteldemo.loader.protocol.UserException;
import io.github.oteldemo.loader.protocol.WireFields;
import io.github.oteldemo.loader.protocol.WorkerHeartbeat;
import io.github.oteldemo.loader.protocol.WorkerReport;
import io.github.oteldemo.loader.runner.ExceptionReport;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.runner.WorkerInfo;
import io.github.oteldemo.loader.stats.RequestStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    /** Locust 2.19 made masters answer heartbeats; older workers log every unknown message. */
    private static final int[] HEARTBEAT_REPLY_SINCE = {2, 19};
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Extra wait for client_stopped beyond the users' stop timeout (Locust waits 60 s). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long quit waits for each worker's final stats (Locust sleeps 0.5 s). */
    private static final Duration QUIT_GRACE = Duration.ofSeconds(3);

    private final MasterSettings settings;
    private final UserDispatcher dispatcher;
    private final Clock clock;
    private final RequestStats stats = new RequestStats();
    private final ScheduledExecutorService control;
    private final MasterSocket socket;
    private final ScheduledFuture<?> heartbeatCheck;

    // Everything below is touched on the control thread only, except the volatile views.
    private final Map<String, WorkerNode> workers = new LinkedHashMap<>();
    private final Map<String, Integer> workerIndexes = new LinkedHashMap<>();
    private final Map<String, ExceptionReport> exceptions = new LinkedHashMap<>();
    private volatile RunnerState state = RunnerState.READY;
    private volatile List<WorkerInfo> workerView = List.of();
    private volatile int userCountView;
    private volatile List<ExceptionReport> exceptionView = List.of();
    private int targetUsers;
    private int dispatchedUsers;
    private double spawnRate = 1;
    private String host;
    private double lastSpawnTimestamp;
    private ScheduledFuture<?> rampStep;
    private final Set<String> awaitingStop = new HashSet<>();
    private final Set<String> awaitingLastStats = new HashSet<>();
    private Instant stopDeadline;
    private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
    private final Set<String> awaitingFinalStats = new HashSet<>();
    private CompletableFuture<Void> finalStats;
    private boolean closed;

    /** What the master knows of one worker. */
    private static final class WorkerNode {
        final String id;
        final boolean answersHeartbeats;
        /** Java workers send their last stats before client_stopped; Python ones only with the next report. */
        final boolean reportsBeforeStopped;
        RunnerState state = RunnerState.READY;
        Instant lastHeartbeat;
        Instant missingSince;
        double cpuUsage;
        long memoryUsage;
        Map<String, Integer> reportedUsers = Map.of();
        Map<String, Integer> assignedUsers = Map.of();

        WorkerNode(String id, boolean answersHeartbeats, boolean reportsBeforeStopped, Instant now) {
            this.id = id;
            this.answersHeartbeats = answersHeartbeats;
            this.reportsBeforeStopped = reportsBeforeStopped;
            this.lastHeartbeat = now;
        }

        boolean active() {
            return state == RunnerState.READY || state == RunnerState.SPAWNING || state == RunnerState.RUNNING;
        }

        int reportedUserCount() {
            return reportedUsers.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

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
        this.dispatcher = new UserDispatcher(settings.userClassWeights());
        this.host = settings.host();
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "locust-master");
            thread.setDaemon(true);
            return thread;
        });
        this.socket = new MasterSocket(settings.bindHost(), settings.bindPort(), new Listener());
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
        if (!control.isShutdown()) {
            call(() -> {
                exceptions.clear();
                refreshViews();
                return null;
            });
        }
    }

    @Override
    public List<ExceptionReport> exceptions() {
        return exceptionView;
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
        if (newHost != null) {
            host = newHost;
        }
        if (state != RunnerState.RUNNING && state != RunnerState.SPAWNING) {
            stats.reset();
            exceptions.clear();
            dispatchedUsers = 0;
        }
        LOG.info("Sending spawn jobs of {} users at {} spawn rate to {} ready workers", users,
                String.format("%.2f", rate), active.size());
        targetUsers = users;
        spawnRate = rate;
        setState(RunnerState.SPAWNING);
        cancelRamp();
        rampOnce();
    }

    /** One dispatch iteration: Locust moves max(1, floor(rate)) users, then waits that many / rate seconds. */
    private void rampOnce() {
        int step = Math.max(1, (int) Math.floor(spawnRate));
        if (dispatchedUsers < targetUsers) {
            dispatchedUsers = Math.min(targetUsers, dispatchedUsers + step);
        } else if (dispatchedUsers > targetUsers) {
            dispatchedUsers = Math.max(targetUsers, dispatchedUsers - step);
        }
        dispatch();
        if (dispatchedUsers == targetUsers) {
            rampStep = null;
            setState(RunnerState.RUNNING);
            LOG.info("All users spawned: {} total users", dispatchedUsers);
            return;
        }
        long delayMicros = (long) (step / spawnRate * 1_000_000);
        rampStep = control.schedule(this::rampOnce, delayMicros, TimeUnit.MICROSECONDS);
    }

    private void cancelRamp() {
        if (rampStep != null) {
            rampStep.cancel(false);
            rampStep = null;
        }
    }

    /** Sends each active worker whose share changed its new share of the dispatched users. */
    private void dispatch() {
        List<WorkerNode> active = activeWorkers();
        Map<String, Map<String, Integer>> shares =
                dispatcher.distribute(dispatchedUsers, active.stream().map(w -> w.id).toList());
        for (WorkerNode worker : active) {
            Map<String, Integer> share = shares.get(worker.id);
            if (share.equals(worker.assignedUsers)) {
                continue;
            }
            worker.assignedUsers = Map.copyOf(share);
            SpawnCommand command = new SpawnCommand(nextSpawnTimestamp(), share, host, settings.stopTimeout(), Map.of());
            socket.send(new Message(Message.SPAWN, command.toWire(), worker.id));
        }
    }

    private double nextSpawnTimestamp() {
        // Workers drop a spawn that is not newer than the previous one: keep them strictly increasing.
        lastSpawnTimestamp = Math.max(clock.millis() / 1000.0, Math.nextUp(lastSpawnTimestamp));
        return lastSpawnTimestamp;
    }

    private void rebalance() {
        if (state == RunnerState.SPAWNING || state == RunnerState.RUNNING) {
            if (activeWorkers().isEmpty()) {
                LOG.info("The last worker went away, stopping test.");
                stopOnControl();
            } else {
                dispatch();
            }
        }
    }

    private CompletableFuture<Void> stopOnControl() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        if (state == RunnerState.READY || state == RunnerState.STOPPED) {
            stopped.complete(null);
            return stopped;
        }
        stopWaiters.add(stopped);
        if (state == RunnerState.STOPPING) {
            return stopped;
        }
        setState(RunnerState.STOPPING);
        cancelRamp();
        dispatchedUsers = 0;
        targetUsers = 0;
        awaitingStop.clear();
        awaitingLastStats.clear();
        for (WorkerNode worker : workers.values()) {
            worker.assignedUsers = Map.of();
            if (worker.active()) {
                awaitingStop.add(worker.id);
                socket.send(new Message(Message.STOP, null, worker.id));
            }
        }
        stopDeadline = clock.instant().plus(stopTimeout()).plus(STOP_GRACE);
        checkStopped();
        return stopped;
    }

    private void checkStopped() {
        if (state != RunnerState.STOPPING) {
            return;
        }
        awaitingStop.removeIf(id -> !workers.containsKey(id) || !workers.get(id).active());
        boolean timedOut = clock.instant().isAfter(stopDeadline);
        if ((awaitingStop.isEmpty() && awaitingLastStats.isEmpty()) || timedOut) {
            if (timedOut) {
                LOG.error("Timeout waiting for workers {} to stop", awaitingStop);
            }
            awaitingStop.clear();
            awaitingLastStats.clear();
            setState(RunnerState.STOPPED);
            stopWaiters.forEach(w -> w.complete(null));
            stopWaiters.clear();
        }
    }

    private CompletableFuture<Void> quitOnControl() {
        finalStats = new CompletableFuture<>();
        awaitingFinalStats.clear();
        for (WorkerNode worker : workers.values()) {
            if (worker.state != RunnerState.MISSING) {
                awaitingFinalStats.add(worker.id);
            }
        }
        // Every id ever seen, not just the registered ones: a worker between client_stopped and
        // its next client_ready would otherwise keep running after the master is gone.
        for (String id : workerIndexes.keySet()) {
            socket.send(new Message(Message.QUIT, null, id));
        }
        CompletableFuture<Void> done = finalStats;
        control.schedule(() -> done.complete(null), QUIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        if (awaitingFinalStats.isEmpty()) {
            done.complete(null);
        }
        return done;
    }

    private void checkHeartbeats() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        boolean changed = false;
        for (WorkerNode worker : new ArrayList<>(workers.values())) {
            if (worker.state == RunnerState.MISSING) {
                if (Duration.between(worker.missingSince, now).compareTo(settings.forgetMissing()) > 0) {
                    LOG.info("Forgetting worker {}, missing for {} s", worker.id, settings.forgetMissing().toSeconds());
                    workers.remove(worker.id);
                    changed = true;
                }
            } else if (Duration.between(worker.lastHeartbeat, now).compareTo(settings.heartbeatLiveness()) > 0) {
                LOG.info("Worker {} failed to send heartbeat, setting state to missing.", worker.id);
                worker.state = RunnerState.MISSING;
                worker.missingSince = now;
                worker.reportedUsers = Map.of();
                worker.assignedUsers = Map.of();
                changed = true;
            }
        }
        if (changed) {
            rebalance();
        }
        checkStopped();
        refreshViews();
    }

    private List<WorkerNode> activeWorkers() {
        return workers.values().stream().filter(WorkerNode::active).toList();
    }

    private void setState(RunnerState newState) {
        state = newState;
    }

    private void refreshViews() {
        List<WorkerInfo> view = new ArrayList<>();
        int users = 0;
        for (WorkerNode worker : workers.values()) {
            int count = worker.reportedUserCount();
            view.add(new WorkerInfo(worker.id, worker.state, count, worker.cpuUsage, worker.memoryUsage, worker.lastHeartbeat));
            if (worker.active()) {
                users += count;
            }
        }
        workerView = List.copyOf(view);
        userCountView = users;
        exceptionView = List.copyOf(exceptions.values());
    }

    private int workerIndex(String id) {
        return workerIndexes.computeIfAbsent(id, k -> workerIndexes.size());
    }

    private static boolean answersHeartbeats(Object version) {
        if (version instanceof Number) {
            // -1: a worker that skips Locust's version check, as ours do; it understands replies.
            return true;
        }
        if (!(version instanceof String text)) {
            return false;
        }
        String[] parts = text.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
            return major > HEARTBEAT_REPLY_SINCE[0] || (major == HEARTBEAT_REPLY_SINCE[0] && minor >= HEARTBEAT_REPLY_SINCE[1]);
        } catch (NumberFormatException e) {
            return false;
        }
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
                    if (state == RunnerState.STOPPING && worker != null && !worker.reportsBeforeStopped) {
                        awaitingLastStats.add(id);
                    }
                    leave(id, "reported that it has stopped");
                }
                case Message.QUIT -> leave(id, "quit");
                case Message.EXCEPTION -> {
                    UserException exception = UserException.fromWire(message.data());
                    exceptions.merge(exception.traceback(),
                            new ExceptionReport(1, exception.message(), exception.traceback(), Set.of(id)),
                            (old, added) -> {
                                Set<String> nodes = new HashSet<>(old.nodes());
                                nodes.add(id);
                                return new ExceptionReport(old.count() + 1, old.message(), old.traceback(), Set.copyOf(nodes));
                            });
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
        // Pre-2.0 workers send no version. An empty one is accepted: Debian's python3-locust
        // is built without a version string and its workers send "".
        if (version == null || Boolean.FALSE.equals(version)) {
            LOG.error("An old (pre 2.0) worker tried to connect ({}). That's not going to work.", id);
            return;
        }
        socket.send(new Message(Message.ACK, Map.of("index", workerIndex(id)), id));
        // A worker that says client_ready runs no users, even if we knew it before (a restart).
        workers.put(id, new WorkerNode(id, answersHeartbeats(version), version instanceof Number, clock.instant()));
        LOG.info("Worker {} (index {}) reported as ready. {} workers connected.", id, workerIndex(id), activeWorkers().size());
        rebalance();
    }

    private void heartbeat(WorkerNode worker, Message message) throws ProtocolException {
        if (worker == null) {
            LOG.debug("Got heartbeat message from unknown worker {}", message.nodeId());
            return;
        }
        WorkerHeartbeat beat = WorkerHeartbeat.fromWire(message.data());
        worker.lastHeartbeat = clock.instant();
        worker.cpuUsage = beat.cpuUsage();
        worker.memoryUsage = beat.memoryUsage();
        boolean wasMissing = worker.state == RunnerState.MISSING;
        worker.state = beat.state() == RunnerState.MISSING ? RunnerState.READY : beat.state();
        if (wasMissing) {
            LOG.info("Worker {} self-healed with heartbeat, setting state to {}.", worker.id, worker.state.locustName());
            worker.missingSince = null;
            rebalance();
        }
        if (worker.answersHeartbeats) {
            socket.send(new Message(Message.HEARTBEAT, null, worker.id));
        }
    }

    private void stats(WorkerNode worker, String id, WorkerReport report) {
        // Counted even from a worker that already left: its last report follows its goodbye.
        stats.merge(report.toRequestStats());
        awaitingLastStats.remove(id);
        if (worker != null) {
            worker.reportedUsers = report.userClassesCount();
        }
        if (awaitingFinalStats.remove(id) && awaitingFinalStats.isEmpty() && finalStats != null) {
            finalStats.complete(null);
        }
    }

    private void leave(String id, String why) {
        WorkerNode worker = workers.remove(id);
        if (worker == null) {
            LOG.warn("Received a goodbye from an unknown worker: {}", id);
            return;
        }
        LOG.info("Worker {} (index {}) {}, removing from running workers", id, workerIndex(id), why);
        rebalance();
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
