package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.runner.RunnerState;
import java.time.Instant;
import java.util.Map;

/** What the master knows of one worker (Locust's {@code WorkerNode}); touched on the control thread only. */
final class WorkerNode {

    final String id;
    /** Java workers send their last stats before client_stopped; Python ones only with the next report. */
    final boolean reportsBeforeStopped;

    RunnerState state = RunnerState.READY;
    Instant lastHeartbeat;
    Instant missingSince;
    double cpuUsage;
    long memoryUsage;
    boolean cpuWarned;
    Map<String, Integer> reportedUsers = Map.of();

    WorkerNode(String id, boolean reportsBeforeStopped, Instant now) {
        this.id = id;
        this.reportsBeforeStopped = reportsBeforeStopped;
        this.lastHeartbeat = now;
    }

    /** @return whether users may be dispatched to it (Locust's ready, spawning and running workers) */
    boolean active() {
        return state == RunnerState.READY || state == RunnerState.SPAWNING || state == RunnerState.RUNNING;
    }

    int reportedUserCount() {
        return reportedUsers.values().stream().mapToInt(Integer::intValue).sum();
    }
}
