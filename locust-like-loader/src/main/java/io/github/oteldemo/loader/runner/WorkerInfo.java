package io.github.oteldemo.loader.runner;

import java.time.Instant;

/**
 * What a master knows about one worker, as shown in Locust's {@code workers} list.
 *
 * @param id            the worker's client id (Locust: {@code hostname_uuid})
 * @param state         its last reported state
 * @param userCount     users it runs
 * @param cpuUsage      CPU percent it last reported
 * @param memoryUsage   bytes of memory it last reported
 * @param lastHeartbeat when its last heartbeat arrived
 */
public record WorkerInfo(
        String id, RunnerState state, int userCount, double cpuUsage, long memoryUsage, Instant lastHeartbeat) {}
