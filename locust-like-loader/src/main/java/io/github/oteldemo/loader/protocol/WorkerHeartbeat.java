package io.github.oteldemo.loader.protocol;

import io.github.oteldemo.loader.runner.RunnerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of a worker's {@value Message#HEARTBEAT}, sent every second.
 *
 * @param state       the worker's state
 * @param cpuUsage    CPU use of the worker process in percent of one core (as psutil reports it)
 * @param memoryUsage memory the worker process uses, in bytes
 */
public record WorkerHeartbeat(RunnerState state, double cpuUsage, long memoryUsage) {

    /** @return the msgpack-ready map Locust's master reads */
    public Map<String, Object> toWire() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state.locustName());
        data.put("current_cpu_usage", cpuUsage);
        data.put("current_memory_usage", memoryUsage);
        return data;
    }

    /**
     * @param data a worker heartbeat's data
     * @return the heartbeat ({@code current_memory_usage} is optional, as older workers omit it)
     * @throws ProtocolException when state or cpu is missing, or the state is unknown
     */
    public static WorkerHeartbeat fromWire(Object data) throws ProtocolException {
        WireFields fields = WireFields.of(data, "heartbeat data");
        String state = fields.string("state");
        try {
            return new WorkerHeartbeat(
                    RunnerState.fromLocustName(state),
                    fields.number("current_cpu_usage"),
                    fields.integer("current_memory_usage", 0));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("heartbeat data.state is not a Locust state: " + state, e);
        }
    }
}
