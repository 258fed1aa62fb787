package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.PythonLocustfile;
import io.github.oteldemo.loader.protocol.Ack;
import io.github.oteldemo.loader.protocol.LocustVersion;
import io.github.oteldemo.loader.protocol.LocustfileRequest;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.WorkerReport;
import io.github.oteldemo.loader.runner.RunnerState;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker's message, or its silence, does on the master: Locust's
 * {@code MasterRunner.handle_message} and {@code heartbeat_worker}. Each event updates the
 * workers, the results, a stop under way and the spread of users, in Locust's order.
 *
 * <p>The test's state stays the runner's: a worker event only reads it, and asks for a stop
 * when the last worker is gone, so starting and stopping have one owner. Control thread only.
 */
final class WorkerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerEvents.class);

    private final MasterSocket socket;
    private final WorkerTable workers;
    private final WorkerResults results;
    private final StopBarrier barrier;
    private final Ramp ramp;
    private final PythonLocustfile locustfile;
    private final Clock clock;
    private final Supplier<RunnerState> testState;
    private final Runnable stopTest;

    /**
     * @param locustfile what a Python worker started with {@code -f -} gets, or null
     * @param testState  the master's state
     * @param stopTest   stops the test (Locust's {@code self.stop()} when no worker is left)
     */
    WorkerEvents(
            MasterSocket socket,
            WorkerTable workers,
            WorkerResults results,
            StopBarrier barrier,
            Ramp ramp,
            PythonLocustfile locustfile,
            Clock clock,
            Supplier<RunnerState> testState,
            Runnable stopTest) {
        this.socket = socket;
        this.workers = workers;
        this.results = results;
        this.barrier = barrier;
        this.ramp = ramp;
        this.locustfile = locustfile;
        this.clock = clock;
        this.testState = testState;
        this.stopTest = stopTest;
    }

    /** One message from a worker; one whose data is not Locust's is logged and dropped, the master goes on. */
    void handle(Message message) {
        String id = message.nodeId();
        WorkerNode worker = workers.get(id);
        try {
            switch (message.type()) {
                case Message.CLIENT_READY -> clientReady(id, message.data());
                case Message.HEARTBEAT -> {
                    if (workers.heartbeat(worker, message, clock.instant())) {
                        ramp.joined(id, running());
                    }
                    if (worker != null) {
                        socket.send(new Message(Message.HEARTBEAT, null, id));
                    }
                }
                case Message.STATS -> {
                    WorkerReport report = WorkerReport.fromWire(socket.codec().read(message, WorkerReport.Wire.class));
                    results.report(report);
                    barrier.statsArrived(id);
                    workers.reported(worker, report);
                }
                case Message.SPAWNING, Message.SPAWNING_COMPLETE -> {
                    if (!workers.spawning(worker, message)) {
                        // Locust asks a worker it does not know to quit.
                        socket.send(new Message(Message.QUIT, null, id));
                    }
                }
                case Message.CLIENT_STOPPED -> {
                    if (testState.get() == RunnerState.STOPPING && worker != null) {
                        barrier.clientStopped(id, !worker.reportsBeforeStopped);
                    }
                    leave(id, "reported that it has stopped");
                }
                case Message.QUIT -> leave(id, Message.QUIT);
                case Message.EXCEPTION -> results.exception(id, message);
                case Message.LOCUSTFILE -> {
                    LocustfileRequest request = socket.codec().read(message, LocustfileRequest.class);
                    socket.send(new Message(Message.LOCUSTFILE, LocustfileOffer.reply(locustfile, id, request), id));
                }
                case Message.LOGS -> results.logs(message);
                default -> LOG.warn("Unknown message type received from worker {}: {}", id, message.type());
            }
        } catch (ProtocolException e) {
            LOG.error("Bad '{}' message from worker {}: {}", message.type(), id, e.getMessage());
        }
    }

    /** One round of Locust's {@code heartbeat_worker}: silent workers go missing, long-missing ones are forgotten. */
    void checkHeartbeats() {
        WorkerTable.Changes changes = workers.checkLiveness(clock.instant());
        for (String id : changes.missing()) {
            ramp.missing(id, running());
        }
        if (!changes.missing().isEmpty()) {
            stopIfNoWorkerLeft("went missing");
        }
        if (!changes.forgotten().isEmpty()) {
            ramp.forgotten(testActive());
        }
    }

    private void clientReady(String id, Object version) {
        if (!LocustVersion.admit(id, version)) {
            return;
        }
        socket.send(new Message(Message.ACK, new Ack(workers.index(id)), id));
        workers.ready(id, LocustVersion.isJavaWorker(version), clock.instant());
        ramp.joined(id, running());
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

    /** Locust stops the test when no ready, spawning or running worker is left. */
    private void stopIfNoWorkerLeft(String how) {
        if (workers.active().isEmpty() && testActive()) {
            LOG.info("The last worker {}, stopping test.", how);
            stopTest.run();
        }
    }

    private boolean running() {
        return testState.get() == RunnerState.RUNNING;
    }

    private boolean testActive() {
        RunnerState state = testState.get();
        return state == RunnerState.SPAWNING || state == RunnerState.RUNNING;
    }
}
