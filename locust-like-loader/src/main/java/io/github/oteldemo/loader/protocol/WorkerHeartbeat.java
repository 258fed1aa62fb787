package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.oteldemo.loader.runner.RunnerState;

/**
 * The payload of a worker's {@value Message#HEARTBEAT}, sent every second.
 *
 * @param state       the worker's state (Locust's lower-case name on the wire)
 * @param cpuUsage    CPU use of the worker process in percent of one core (as psutil reports it)
 * @param memoryUsage memory the worker process uses, in bytes; older workers leave it out
 */
public record WorkerHeartbeat(
        @Required RunnerState state,

        @JsonProperty(value = "current_cpu_usage", required = true)
        double cpuUsage,

        @JsonProperty("current_memory_usage") long memoryUsage) {}
