package io.github.oteldemo.loader.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The master's end: a ZeroMQ ROUTER bound like Locust's {@code rpc.Server}, addressing each
 * worker by its identity (the worker's node id).
 */
public final class MasterSocket extends ZmqConnection {

    /** How long closing waits for queued messages (the last quit) to leave. */
    private static final int LINGER_MILLIS = 1_000;
    /** A handshake that hangs (zeromq/jeromq#1022) is dropped after this, so the peer retries soon. */
    private static final int HANDSHAKE_MILLIS = 2_000;

    private final String bindHost;
    private final int requestedPort;
    private int port;

    /**
     * Prepares the master's end; {@link #start()} binds it and starts receiving.
     *
     * @param bindHost interface to bind, {@code *} for all (Locust's {@code --master-bind-host})
     * @param port     port to bind, 0 for a random free one
     * @param listener receives the workers' messages
     */
    public MasterSocket(String bindHost, int port, ConnectionListener listener) {
        super(listener, false, "locust-master-io");
        this.bindHost = bindHost;
        this.requestedPort = port;
        context.setLinger(LINGER_MILLIS);
    }

    @Override
    protected ZMQ.Socket newSocket() {
        ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
        socket.setTCPKeepAlive(1);
        socket.setTCPKeepAliveIdle(30);
        // A worker that resets its connection comes back with the same identity; let it take over.
        socket.setRouterHandover(true);
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        socket.setIPv6(ZmqAddress.of(bindHost, -1).ipv6());
        return socket;
    }

    @Override
    protected void open(ZMQ.Socket socket) {
        try {
            if (requestedPort == 0 && port == 0) {
                port = socket.bindToRandomPort(ZmqAddress.of(bindHost, -1).endpoint());
            } else {
                int wanted = port == 0 ? requestedPort : port;
                socket.bind(ZmqAddress.of(bindHost, wanted).endpoint());
                port = wanted;
            }
        } catch (ZMQException e) {
            socket.close();
            throw new IllegalStateException(
                    "cannot bind the master port " + bindHost + ":" + requestedPort + ": "
                            + e.getErrorCode() + " "
                            + ZMQ.Error.findByCode(e.getErrorCode()).getMessage()
                            + " (is another master running?)",
                    e);
        }
    }

    /** @return the bound port (the chosen one when 0 was asked) */
    public int port() {
        return port;
    }

    /**
     * Sends a message to the worker named by its {@link Message#nodeId()}; dropped silently when
     * that worker is not connected, as ZeroMQ's ROUTER does.
     *
     * @param message the message
     */
    public void send(Message message) {
        sendFrames(message.nodeId().getBytes(StandardCharsets.UTF_8), codec.encode(message));
    }

    @Override
    protected void received(List<byte[]> frames) {
        String identity = new String(frames.get(0), StandardCharsets.UTF_8);
        if (frames.size() != 2) {
            listener.onMalformed(
                    identity, new ProtocolException("expected 2 frames (identity, message), got " + frames.size()));
            return;
        }
        try {
            listener.onMessage(codec.decode(frames.get(1)));
        } catch (ProtocolException e) {
            listener.onMalformed(identity, e);
        }
    }
}
