package io.github.oteldemo.loader.protocol;

import java.util.Objects;

/**
 * One message of Locust's master/worker protocol: what {@code locust.rpc.protocol.Message}
 * serialises as the msgpack array {@code [type, data, node_id]}.
 *
 * <p>To send, {@code data} is anything Jackson writes: the payload records ({@link SpawnCommand},
 * {@link WorkerHeartbeat}, {@link WorkerReport.Wire}, ...), maps, lists, numbers, strings,
 * {@code byte[]}, {@link java.time.LocalDateTime} or {@link java.time.Instant}. A received
 * message's {@code data} is free-form, as Python sees it: {@code null}, {@link Boolean},
 * {@link Long} (or {@link java.math.BigInteger}), {@link Double}, {@link String}, {@code byte[]},
 * {@link java.util.List}, {@link java.util.Map} with text keys (a number key arrives as its
 * text), {@link java.time.LocalDateTime} (Locust's {@code __datetime__} maps),
 * {@link java.time.Instant} (msgpack timestamps) or {@link MessageCodec.Extension};
 * {@link MessageCodec#read} binds it to its payload record.
 *
 * @param type   the message type, e.g. {@value #SPAWN}; custom types are any other string
 * @param data   the payload, possibly null
 * @param nodeId the worker's id (its ZeroMQ identity), also on messages the master sends
 */
public record Message(String type, Object data, String nodeId) {

    /** Worker to master: "I am here", data is the worker's Locust version string (see {@link LocustVersion}). */
    public static final String CLIENT_READY = "client_ready";
    /** Master to worker: reply to {@value #CLIENT_READY}, data {@code {"index": n}} (see {@link Ack}). */
    public static final String ACK = "ack";
    /** Master to worker: run exactly these user counts (see {@link SpawnCommand}). */
    public static final String SPAWN = "spawn";
    /** Worker to master: a spawn message was received and is being applied. */
    public static final String SPAWNING = "spawning";
    /**
     * Worker to master: the user counts of the last spawn message are running (see
     * {@link SpawningComplete}); master to worker, once the whole ramp-up is done (see
     * {@link RampUpComplete}).
     */
    public static final String SPAWNING_COMPLETE = "spawning_complete";
    /** Worker to master: the stats delta since the previous report (see {@link WorkerReport}). */
    public static final String STATS = "stats";
    /** Both ways: liveness; from workers it carries state and cpu (see {@link WorkerHeartbeat}). */
    public static final String HEARTBEAT = "heartbeat";
    /** Master to worker: stop all users and get ready for the next test. */
    public static final String STOP = "stop";
    /** Worker to master: all users stopped after a {@value #STOP}. */
    public static final String CLIENT_STOPPED = "client_stopped";
    /** Both ways: the sender is shutting down for good. */
    public static final String QUIT = "quit";
    /** Worker to master: an error inside a user (see {@link UserException}). */
    public static final String EXCEPTION = "exception";
    /** Master to worker: drop the connection and connect again (after a corrupt message). */
    public static final String RECONNECT = "reconnect";
    /** Worker to master: its recent log lines (see {@link WorkerLogs}). */
    public static final String LOGS = "logs";
    /** Master to worker: settings of one user class changed in the web UI (see {@link UserClassUpdate}). */
    public static final String UPDATE_USER_CLASS = "update_user_class";
    /**
     * Both ways: a worker started with {@code -f -} asks for the master's locustfile (see
     * {@link LocustfileRequest}), the master answers with it.
     */
    public static final String LOCUSTFILE = "locustfile";

    /**
     * @param type   the message type
     * @param data   the payload, possibly null
     * @param nodeId the worker's id
     */
    public Message {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    @Override
    public String toString() {
        return "<Message " + type + ":" + nodeId + ">";
    }
}
