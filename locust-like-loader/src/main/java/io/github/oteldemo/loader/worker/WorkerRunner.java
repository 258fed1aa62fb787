package io.github.oteldemo.loader.worker;

import io.github.oteldemo.loader.protocol.ConnectionListener;
import io.github.oteldemo.loader.protocol.LocustVersion;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.SpawnCommand;
import io.github.oteldemo.loader.protocol.SpawningComplete;
import io.github.oteldemo.loader.protocol.WorkerHeartbeat;
import io.github.oteldemo.loader.protocol.WorkerReport;
import io.github.oteldemo.loader.protocol.WorkerSocket;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Locust-compatible worker: registers with a (Java or Python) master, runs the users each
 * {@code spawn} message asks for on a {@link LocalRunner}, and reports stats deltas every few
 * seconds and heartbeats every second.
 *
 * <p>Commands from the master run one at a time on a command thread; heartbeats and reports
 * run on a timer thread, so a slow stop does not make the master think the worker is dead.
 * Each report moves the runner's stats with {@code takeDelta()}, so every request is sent
 * exactly once; before {@code client_stopped} or a clean exit the last delta goes out first.
 *
 * <p>When the connection drops (the master stopped or restarted) the worker stops its users, as
 * nobody collects their stats any more, and registers again with {@code client_ready} until a
 * master acknowledges it. A worker that has heard no master heartbeat for the master silence
 * time (Locust's {@code MASTER_HEARTBEAT_TIMEOUT}, 60 s), connected or not, quits as Locust's does.
 */
public final class WorkerRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRunner.class);

    private final WorkerSettings settings;
    private final LocalRunner runner;
    private final WorkerSocket socket;
    private final ProcessUsage usage = new ProcessUsage();
    private final ExceptionForwarder exceptions;
    private final LogReporter logs;
    private final ExecutorService commands;
    private final ScheduledExecutorService timers;
    private final CountDownLatch firstAck = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean registered;
    private final MasterState master;
    private volatile RunnerState workerState = RunnerState.READY;
    private volatile long lastMasterHeartbeat;
    private volatile long lastClientReady;
    private volatile boolean closing;
    private double lastSpawnTimestamp;

    /**
     * Opens the connection (in the background) and starts heartbeats; call {@link #connect()}
     * to wait for the master.
     *
     * @param settings where the master is, and timings
     * @param runner   runs this worker's users; its task file must define the class names the
     *                 master dispatches
     */
    public WorkerRunner(WorkerSettings settings, LocalRunner runner) {
        this.settings = settings;
        this.runner = runner;
        this.commands = Executors.newSingleThreadExecutor(r -> daemon(r, "locust-worker"));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "locust-worker-timer"));
        this.socket = new WorkerSocket(settings.masterHost(), settings.masterPort(), settings.nodeId(), new Listener());
        this.master = new MasterState(socket.codec());
        this.exceptions = new ExceptionForwarder(socket);
        this.logs = new LogReporter(socket);
        socket.start();
        every(settings.heartbeatInterval(), this::heartbeat);
        every(settings.reportInterval(), this::report);
        every(settings.cpuMonitorInterval(), usage::sample);
        every(settings.logReportInterval(), () -> {
            if (registered) {
                logs.report();
            }
        });
    }

    private void every(Duration period, Runnable task) {
        long millis = period.toMillis();
        timers.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** @return this worker's node id */
    public String nodeId() {
        return settings.nodeId();
    }

    /** @return whether a master has acknowledged this worker and not gone away since */
    public boolean registered() {
        return registered;
    }

    /** @return what the master told this worker besides the users to run */
    public MasterState master() {
        return master;
    }

    /**
     * Waits for the master to acknowledge this worker.
     *
     * @throws MasterUnreachableException when no ack came within the connect timeout
     * @throws InterruptedException       when interrupted while waiting
     */
    public void connect() throws MasterUnreachableException, InterruptedException {
        sendClientReady();
        if (!firstAck.await(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new MasterUnreachableException(
                    "no master answered at " + settings.masterHost() + ":" + settings.masterPort() + " within "
                            + settings.connectTimeout().toSeconds() + " s");
        }
        LOG.info("Connected to master {}:{} as {}", settings.masterHost(), settings.masterPort(), settings.nodeId());
    }

    /**
     * Blocks until the master sends {@code quit} or {@link #close()} is called.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitQuit() throws InterruptedException {
        finished.await();
    }

    /**
     * Leaves cleanly: stops the users, sends the last stats delta and {@code quit}, closes the
     * connection (waiting up to the socket's linger for them to leave). Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            commands.submit(() -> {
                        runner.stop();
                        report();
                        if (registered) {
                            socket.send(Message.QUIT, null);
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Leaving the master uncleanly: {}", e.toString());
        }
        shutdown();
    }

    private void shutdown() {
        timers.shutdownNow();
        commands.shutdown();
        socket.close();
        runner.quit();
        finished.countDown();
    }

    // ---- timer thread ----

    private void heartbeat() {
        try {
            WorkerHeartbeat beat = new WorkerHeartbeat(workerState, usage.cpuPercent(), usage.memoryBytes());
            socket.send(Message.HEARTBEAT, beat);
            long now = System.nanoTime();
            if (lastMasterHeartbeat != 0
                    && now - lastMasterHeartbeat > settings.masterSilence().toNanos()) {
                LOG.error(
                        "Didn't get heartbeat from master in over {}s",
                        settings.masterSilence().toSeconds());
                lastMasterHeartbeat = 0;
                // Not on this timer thread: closing shuts the timers down.
                new Thread(this::close, "locust-worker-quit").start();
            } else if (!registered
                    && !closing
                    && now - lastClientReady > settings.heartbeatInterval().toNanos() / 2) {
                sendClientReady();
            }
        } catch (RuntimeException e) {
            LOG.error("heartbeat failed", e);
        }
    }

    /**
     * Sends what was recorded since the last report. Synchronised so that two reports never
     * overtake each other between {@code takeDelta} and the socket queue.
     */
    private synchronized void report() {
        if (!registered) {
            return;
        }
        try {
            WorkerReport report = WorkerReport.of(runner.stats().takeDelta(), runner.classCounts());
            socket.send(Message.STATS, report.toWire());
            exceptions.forwardNew(runner.exceptions());
        } catch (RuntimeException e) {
            LOG.error("stats report failed", e);
        }
    }

    private void sendClientReady() {
        lastClientReady = System.nanoTime();
        socket.send(Message.CLIENT_READY, LocustVersion.WORKER);
    }

    // ---- command thread ----

    private void onCommandThread(Runnable task) {
        try {
            commands.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("handling a master command failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("worker closed; dropped a command");
        }
    }

    private void handle(Message message) {
        if (closing) {
            return;
        }
        try {
            switch (message.type()) {
                case Message.ACK -> {
                    master.acknowledged(message);
                    registered = true;
                    workerState = RunnerState.READY;
                    firstAck.countDown();
                }
                case Message.SPAWN -> spawn(socket.codec().read(message, SpawnCommand.class));
                case Message.STOP -> {
                    runner.stop();
                    report();
                    socket.send(Message.CLIENT_STOPPED, null);
                    workerState = RunnerState.READY;
                    sendClientReady();
                }
                case Message.QUIT -> {
                    LOG.info("Got quit message from master, shutting down...");
                    closing = true;
                    runner.stop();
                    report();
                    shutdown();
                }
                case Message.HEARTBEAT -> lastMasterHeartbeat = System.nanoTime();
                case Message.SPAWNING_COMPLETE -> master.spawningComplete(message);
                case Message.UPDATE_USER_CLASS -> master.userClassUpdated(message, runner);
                case Message.RECONNECT -> {
                    LOG.warn("Received reconnect message from master. Resetting RPC connection.");
                    socket.reconnect();
                }
                default -> LOG.debug("Ignoring message type {} from the master", message.type());
            }
        } catch (ProtocolException e) {
            LOG.error("Bad '{}' message from the master: {}", message.type(), e.getMessage());
        }
    }

    private void spawn(SpawnCommand command) {
        socket.send(Message.SPAWNING, null);
        if (command.timestamp() <= lastSpawnTimestamp) {
            LOG.info("Discard spawn message with older or equal timestamp than timestamp of previous spawn message");
            return;
        }
        lastSpawnTimestamp = command.timestamp();
        // Locust's worker takes the master's stop timeout and options with every spawn.
        runner.stopTimeout(
                Duration.ofMillis(Math.round(1000 * (command.stopTimeout() == null ? 0 : command.stopTimeout()))));
        master.options(command.parsedOptions());
        if (workerState == RunnerState.READY) {
            exceptions.reset();
        }
        workerState = RunnerState.SPAWNING;
        try {
            runner.spawnExact(command.userClassesCount(), command.host());
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot run the users the master asked for: {}", e.getMessage());
            exceptions.forward(e);
        }
        socket.send(Message.SPAWNING_COMPLETE, SpawningComplete.of(runner.classCounts()));
        workerState = RunnerState.RUNNING;
    }

    private void masterLost() {
        if (!registered || closing) {
            return;
        }
        LOG.warn("Lost the master; stopping users and registering again");
        // The master silence clock keeps running: a master that does not come back makes the worker quit.
        registered = false;
        runner.stop();
        // Nobody will merge these any more; a new master must not count them either.
        runner.stats().takeDelta();
        workerState = RunnerState.READY;
        lastSpawnTimestamp = 0;
    }

    /** Moves socket events onto the command thread. */
    private final class Listener implements ConnectionListener {
        @Override
        public void onMessage(Message message) {
            if (Message.HEARTBEAT.equals(message.type())) {
                lastMasterHeartbeat = System.nanoTime();
                return;
            }
            onCommandThread(() -> handle(message));
        }

        @Override
        public void onMalformed(String peer, ProtocolException error) {
            LOG.error("Bad message from the master at {}: {}", peer, error.getMessage());
        }

        @Override
        public void onConnected() {
            if (!registered && !closing) {
                sendClientReady();
            }
        }

        @Override
        public void onDisconnected() {
            if (!closing) {
                onCommandThread(WorkerRunner.this::masterLost);
            }
        }
    }
}
