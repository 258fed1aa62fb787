package io.github.oteldemo.loader.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The worker's end: a ZeroMQ DEALER whose identity is the worker's node id, connected like
 * Locust's {@code rpc.Client}. ZeroMQ reconnects by itself; the listener hears when the TCP
 * connection comes and goes, and ZMTP heartbeats turn a silent peer into a disconnect.
 */
public final class WorkerSocket extends ZmqConnection {

    /** How long closing waits for the last stats and quit to leave. */
    private static final int LINGER_MILLIS = 2_000;

    private static final int ZMTP_HEARTBEAT_MILLIS = 1_000;
    private static final int ZMTP_HEARTBEAT_TIMEOUT_MILLIS = 5_000;
    /**
     * JeroMQ's connecting side sometimes never sends its greeting (zeromq/jeromq#1022, more often
     * on a busy machine); the connection then idles until the handshake interval (30 s by
     * default) drops it. 2 s makes such a connection retry quickly.
     */
    private static final int HANDSHAKE_MILLIS = 2_000;

    private final ZmqAddress address;
    private final String endpoint;
    private final byte[] identity;
    private final String nodeId;

    /**
     * Prepares the worker's end; {@link #start()} connects it (in the background: nothing fails
     * when the master is not there yet).
     *
     * @param host     master host
     * @param port     master port
     * @param nodeId   this worker's id, also its ZeroMQ identity
     * @param listener receives the master's messages and connection events
     */
    public WorkerSocket(String host, int port, String nodeId, ConnectionListener listener) {
        super(listener, true, "locust-worker-io");
        this.address = ZmqAddress.of(host, port);
        this.endpoint = address.endpoint();
        this.nodeId = nodeId;
        this.identity = nodeId.getBytes(StandardCharsets.UTF_8);
        context.setLinger(LINGER_MILLIS);
    }

    @Override
    protected ZMQ.Socket newSocket() {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setIdentity(identity);
        socket.setTCPKeepAlive(1);
        socket.setTCPKeepAliveIdle(30);
        // Queue only on a live connection: heartbeats and stats written while the master is away
        // must not reach a restarted master that knows nothing of them.
        socket.setImmediate(true);
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        socket.setHeartbeatIvl(ZMTP_HEARTBEAT_MILLIS);
        socket.setHeartbeatTimeout(ZMTP_HEARTBEAT_TIMEOUT_MILLIS);
        socket.setIPv6(address.ipv6());
        return socket;
    }

    @Override
    protected void open(ZMQ.Socket socket) {
        socket.connect(endpoint);
    }

    /** @return this worker's node id */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Sends a message (dropped when not connected, as with Locust's non-blocking send).
     *
     * @param type message type
     * @param data payload, possibly null
     */
    public void send(String type, Object data) {
        sendFrames(codec.encode(new Message(type, data, nodeId)));
    }

    /** Drops the connection and connects anew (Locust's {@code reset_connection}). */
    public void reconnect() {
        resetSocket();
    }

    @Override
    protected void received(List<byte[]> frames) {
        if (frames.size() != 1) {
            listener.onMalformed(
                    endpoint, new ProtocolException("expected 1 frame from the master, got " + frames.size()));
            return;
        }
        try {
            listener.onMessage(codec.decode(frames.get(0)));
        } catch (ProtocolException e) {
            listener.onMalformed(endpoint, e);
        }
    }
}
