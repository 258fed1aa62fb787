package io.github.oteldemo.loader.protocol;

import java.util.List;

/**
 * The payload of a worker's {@value Message#LOGS}: its recent log lines, which replace those it
 * sent before.
 *
 * @param workerId the worker's id
 * @param logs     the lines, oldest first
 */
public record WorkerLogs(
        @Required String workerId, @Required List<String> logs) {

    /**
     * @param workerId the worker's id
     * @param logs     the lines
     */
    public WorkerLogs {
        logs = List.copyOf(logs);
    }
}
