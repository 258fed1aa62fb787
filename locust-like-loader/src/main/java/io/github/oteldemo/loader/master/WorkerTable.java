package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.MessageCodec;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.SpawningComplete;
import io.github.oteldemo.loader.protocol.WorkerHeartbeat;
import io.github.oteldemo.loader.protocol.WorkerReport;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.runner.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's workers and their liveness, as Locust's {@code WorkerNodes} plus its
 * {@code heartbeat_worker}: a worker silent for the liveness time is missing (its users no
 * longer count), a worker missing for the forget time is dropped. Indexes are Locust's: 0-based,
 * in order of first appearance, never reused while the master lives. Control thread only.
 */
final class WorkerTable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTable.class);
    /** Locust's CPU_WARNING_THRESHOLD. */
    private static final double CPU_WARNING_PERCENT = 90;

    private final Duration liveness;
    private final Duration forget;
    private final MessageCodec codec;
    private final Map<String, WorkerNode> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private volatile List<WorkerInfo> workerView = List.of();
    private volatile int userCountView;
    private volatile Map<String, Integer> classView = Map.of();

    WorkerTable(Duration liveness, Duration forget, MessageCodec codec) {
        this.liveness = liveness;
        this.forget = forget;
        this.codec = codec;
    }

    /** @return the worker's index, given on first sight */
    int index(String id) {
        return indexes.computeIfAbsent(id, k -> indexes.size());
    }

    /** @return every worker id ever seen, registered or not */
    Set<String> everSeen() {
        return indexes.keySet();
    }

    /** A worker said client_ready: it runs no users, even if it was known before (a restart). */
    WorkerNode ready(String id, boolean reportsBeforeStopped, Instant now) {
        index(id);
        WorkerNode node = new WorkerNode(id, reportsBeforeStopped, now);
        boolean known = nodes.put(id, node) != null;
        if (known) {
            LOG.debug(
                    "{} (index {}) reported as ready (duplicate message). {} workers connected.",
                    id,
                    index(id),
                    active().size());
        } else {
            LOG.info("{} (index {}) reported as ready. {} workers connected.", id, index(id), active().size());
        }
        return node;
    }

    /** A worker's stats report also says which users it runs now. */
    void reported(WorkerNode node, WorkerReport report) {
        if (node != null) {
            node.reportedUsers = report.userClassesCount();
        }
    }

    /**
     * A worker's {@code spawning} or {@code spawning_complete} (with the users it runs now).
     *
     * @return false for a worker this master does not know
     * @throws ProtocolException when spawning_complete has no valid user_classes_count
     */
    boolean spawning(WorkerNode node, Message message) throws ProtocolException {
        if (node == null) {
            LOG.warn("Got {} message from unknown worker {}. Asking worker to quit.", message.type(), message.nodeId());
            return false;
        }
        if (Message.SPAWNING.equals(message.type())) {
            node.state = RunnerState.SPAWNING;
            return true;
        }
        node.state = RunnerState.RUNNING;
        node.reportedUsers = codec.read(message, SpawningComplete.class).userClassesCount();
        return true;
    }

    WorkerNode get(String id) {
        return nodes.get(id);
    }

    WorkerNode remove(String id) {
        return nodes.remove(id);
    }

    Collection<WorkerNode> all() {
        return List.copyOf(nodes.values());
    }

    List<WorkerNode> active() {
        return nodes.values().stream().filter(WorkerNode::active).toList();
    }

    /**
     * Records a heartbeat; logs Locust's one-time CPU warning.
     *
     * @param node the worker, or null for one this master does not know (ignored, as Locust does)
     * @return whether the worker was missing and is back
     * @throws ProtocolException when the heartbeat's data is not Locust's
     */
    boolean heartbeat(WorkerNode node, Message message, Instant now) throws ProtocolException {
        if (node == null) {
            LOG.debug("Got heartbeat message from unknown worker {}", message.nodeId());
            return false;
        }
        WorkerHeartbeat beat = codec.read(message, WorkerHeartbeat.class);
        RunnerState reported = beat.state();
        double cpu = beat.cpuUsage();
        long memory = beat.memoryUsage();
        node.lastHeartbeat = now;
        node.cpuUsage = cpu;
        node.memoryUsage = memory;
        if (!node.cpuWarned && cpu > CPU_WARNING_PERCENT) {
            node.cpuWarned = true;
            LOG.warn(
                    "Worker {} (index {}) exceeded cpu threshold (will only log this once per worker)",
                    node.id,
                    index(node.id));
        }
        boolean wasMissing = node.state == RunnerState.MISSING;
        node.state = reported == RunnerState.MISSING ? RunnerState.READY : reported;
        if (wasMissing) {
            LOG.info("Worker {} self-healed with heartbeat, setting state to {}.", node.id, node.state.locustName());
            node.missingSince = null;
        }
        return wasMissing;
    }

    /**
     * What one liveness check changed.
     *
     * @param missing   workers that have just gone missing
     * @param forgotten workers dropped after being missing too long
     */
    record Changes(List<String> missing, List<String> forgotten) {}

    /**
     * Marks silent workers missing and forgets long-missing ones.
     *
     * @return who went missing and who was forgotten
     */
    Changes checkLiveness(Instant now) {
        List<String> missing = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        for (WorkerNode node : all()) {
            if (node.state == RunnerState.MISSING) {
                if (Duration.between(node.missingSince, now).compareTo(forget) > 0) {
                    LOG.info("Forgetting worker {}, missing for {} s", node.id, forget.toSeconds());
                    nodes.remove(node.id);
                    forgotten.add(node.id);
                }
            } else if (Duration.between(node.lastHeartbeat, now).compareTo(liveness) > 0) {
                LOG.info("Worker {} failed to send heartbeat, setting state to missing.", node.id);
                node.state = RunnerState.MISSING;
                node.missingSince = now;
                node.reportedUsers = Map.of();
                missing.add(node.id);
            }
        }
        return new Changes(missing, forgotten);
    }

    /** Publishes the views other threads read; called on the control thread after each change. */
    void refreshViews() {
        workerView = view();
        userCountView = userCount();
        classView = reportedClasses();
    }

    /** @return the last published workers list (any thread) */
    List<WorkerInfo> workerView() {
        return workerView;
    }

    /** @return the last published user count (any thread) */
    int userCountView() {
        return userCountView;
    }

    /** @return the last published users per class (any thread) */
    Map<String, Integer> classView() {
        return classView;
    }

    /**
     * Waits until {@code count} workers are ready, spawning or running (Locust's {@code --expect-workers}).
     *
     * @param maxWait how long at most; zero or negative waits forever
     * @return whether they came in time
     * @throws InterruptedException when interrupted
     */
    boolean awaitActive(int count, Duration maxWait) throws InterruptedException {
        long deadline =
                maxWait.isZero() || maxWait.isNegative() ? Long.MAX_VALUE : System.nanoTime() + maxWait.toNanos();
        long lastLog = 0;
        while (activeInView() < count) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            if (System.nanoTime() - lastLog > 1_000_000_000L) {
                LOG.info("Waiting for workers to be ready, {} of {} connected", activeInView(), count);
                lastLog = System.nanoTime();
            }
            Thread.sleep(100);
        }
        return true;
    }

    private int activeInView() {
        return (int) workerView.stream()
                .filter(w -> w.state() != RunnerState.MISSING && w.state() != RunnerState.STOPPED)
                .count();
    }

    /** @return Locust's {@code workers} list entries */
    List<WorkerInfo> view() {
        List<WorkerInfo> view = new ArrayList<>();
        for (WorkerNode node : nodes.values()) {
            view.add(new WorkerInfo(
                    node.id,
                    node.state,
                    node.reportedUserCount(),
                    node.cpuUsage,
                    node.memoryUsage,
                    node.lastHeartbeat));
        }
        return List.copyOf(view);
    }

    /** @return users per class the active workers report (Locust's {@code reported_user_classes_count}) */
    Map<String, Integer> reportedClasses() {
        Map<String, Integer> classes = new LinkedHashMap<>();
        active().forEach(node -> node.reportedUsers.forEach((name, count) -> classes.merge(name, count, Integer::sum)));
        return Map.copyOf(classes);
    }

    /** @return users the active workers report (Locust's {@code user_count} of a master) */
    int userCount() {
        return active().stream().mapToInt(WorkerNode::reportedUserCount).sum();
    }
}
