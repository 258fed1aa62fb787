package io.github.oteldemo.loader.master;

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
    private final Map<String, WorkerNode> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> indexes = new LinkedHashMap<>();

    WorkerTable(Duration liveness, Duration forget) {
        this.liveness = liveness;
        this.forget = forget;
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
        nodes.put(id, node);
        return node;
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
     * @return whether the worker was missing and is back
     */
    boolean heartbeat(WorkerNode node, RunnerState reported, double cpu, long memory, Instant now) {
        node.lastHeartbeat = now;
        node.cpuUsage = cpu;
        node.memoryUsage = memory;
        if (!node.cpuWarned && cpu > CPU_WARNING_PERCENT) {
            node.cpuWarned = true;
            LOG.warn("Worker {} (index {}) exceeded cpu threshold (will only log this once per worker)", node.id, index(node.id));
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
    record Changes(List<String> missing, List<String> forgotten) {
    }

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

    /** @return Locust's {@code workers} list entries */
    List<WorkerInfo> view() {
        List<WorkerInfo> view = new ArrayList<>();
        for (WorkerNode node : nodes.values()) {
            view.add(new WorkerInfo(node.id, node.state, node.reportedUserCount(), node.cpuUsage, node.memoryUsage,
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
