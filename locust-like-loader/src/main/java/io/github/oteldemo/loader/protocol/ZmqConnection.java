package io.github.oteldemo.loader.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * The part the master's ROUTER and the worker's DEALER share: ZeroMQ sockets are not
 * thread-safe, so one I/O thread owns the socket. Other threads hand it work through a queue
 * and wake it through a pipe that the same poll call watches, so sends go out at once without
 * the thread spinning on a timeout.
 */
abstract class ZmqConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZmqConnection.class);
    private static final AtomicInteger MONITORS = new AtomicInteger();
    /**
     * Longest sleep of the I/O thread. The wake-up pipe normally ends a poll at once, but
     * JeroMQ's poller can miss a channel's readiness after selection keys change (see
     * zeromq/jeromq#1022); a bounded poll caps the cost of a missed wake-up at this delay.
     */
    private static final long POLL_MILLIS = 100;
    /**
     * Largest frame a peer may send; ZeroMQ drops the connection of a peer that declares a larger
     * one before reserving anything for it. Far above any Locust message (a worker's stats
     * report with thousands of request names is a few MB; the locustfile a master offers is its
     * source), and it bounds what one frame can make this process allocate, which without a limit
     * is whatever length the frame declares.
     */
    protected static final long MAX_FRAME_BYTES = 64L << 20;

    protected final ZContext context = new ZContext(1);
    protected final ConnectionListener listener;
    /** Frames to messages and back; whoever handles this side's messages reads their data with it. */
    protected final MessageCodec codec = new MessageCodec();

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Pipe wakeup;
    private final Thread ioThread;
    private final boolean monitored;
    private ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    private ZMQ.Poller poller;
    private volatile boolean closing;

    /**
     * @param listener  receives messages and events
     * @param socket    the configured socket, bound or connected by the subclass already
     * @param monitored whether to report connect/disconnect events to the listener
     * @param name      name of the I/O thread
     */
    ZmqConnection(ConnectionListener listener, boolean monitored, String name) {
        this.listener = listener;
        this.monitored = monitored;
        try {
            this.wakeup = Pipe.open();
            wakeup.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the I/O thread's wake-up pipe", e);
        }
        this.ioThread = new Thread(this::loop, name);
        this.ioThread.setDaemon(true);
    }

    /**
     * Binds or connects, then starts the I/O thread, which alone touches the socket from then
     * on. Call it once the listener can take events: they may arrive at once.
     *
     * @throws IllegalStateException when the socket cannot be bound, with ZeroMQ's reason
     */
    public final void start() {
        install();
        ioThread.start();
    }

    /** @return the codec of this connection's messages, to read a received message's data */
    public final MessageCodec codec() {
        return codec;
    }

    /** @return a new socket of this side's type, with its options set, not yet bound or connected */
    protected abstract ZMQ.Socket newSocket();

    /**
     * Binds or connects a socket from {@link #newSocket()}.
     *
     * @param socket the socket
     */
    protected abstract void open(ZMQ.Socket socket);

    /**
     * Turns received frames into a message and its sender.
     *
     * @param frames every frame of one ZeroMQ message
     */
    protected abstract void received(List<byte[]> frames);

    /**
     * Queues frames to go out on the I/O thread.
     *
     * @param frames the frames of one ZeroMQ message
     */
    protected final void sendFrames(byte[]... frames) {
        run(() -> {
            for (int i = 0; i < frames.length; i++) {
                boolean more = i < frames.length - 1;
                if (!socket.send(frames[i], ZMQ.DONTWAIT | (more ? ZMQ.SNDMORE : 0))) {
                    // No peer (yet) or a full queue: Locust also drops what it cannot send.
                    LOG.debug("dropped an outgoing message: {}", ZMQ.Error.findByCode(socket.errno()));
                    return;
                }
            }
        });
    }

    /** Replaces the socket by a fresh one, dropping what was queued on the old connection. */
    protected final void resetSocket() {
        run(() -> {
            closeSocket();
            install();
        });
    }

    /**
     * @param task work that must touch the socket; runs on the I/O thread
     */
    protected final void run(Runnable task) {
        if (closing) {
            return;
        }
        tasks.add(task);
        try {
            wakeup.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            // The pipe only closes with the connection; the task is then moot.
            LOG.debug("wake-up pipe closed", e);
        }
    }

    private void install() {
        socket = newSocket();
        if (monitored) {
            // Watch before connecting: a monitor attached while the connection is being set up
            // can stall JeroMQ's handshake until the handshake interval expires.
            String address = "inproc://locust-monitor-" + MONITORS.incrementAndGet();
            // The handshake, not the TCP connect, is when messages can flow.
            socket.monitor(address, ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED);
            monitor = context.createSocket(SocketType.PAIR);
            monitor.connect(address);
        }
        open(socket);
        if (poller != null) {
            poller.close();
        }
        poller = context.createPoller(3);
        poller.register(socket, ZMQ.Poller.POLLIN);
        poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
        if (monitor != null) {
            poller.register(monitor, ZMQ.Poller.POLLIN);
        }
    }

    private void loop() {
        ByteBuffer drain = ByteBuffer.allocate(256);
        try {
            while (!closing || !tasks.isEmpty()) {
                poller.poll(closing ? 0 : POLL_MILLIS);
                drain.clear();
                while (wakeup.source().read(drain) > 0) {
                    drain.clear();
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                receiveAll();
                if (monitor != null) {
                    ZEvent event;
                    while ((event = ZEvent.recv(monitor, ZMQ.DONTWAIT)) != null) {
                        connectionEvent(event.getEvent());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                LOG.error("ZeroMQ I/O thread failed", e);
            }
        } finally {
            closeSocket();
            poller.close();
            context.close();
        }
    }

    private void connectionEvent(ZMonitor.Event event) {
        try {
            if (event == ZMonitor.Event.HANDSHAKE_PROTOCOL) {
                listener.onConnected();
            } else if (event == ZMonitor.Event.DISCONNECTED) {
                listener.onDisconnected();
            }
        } catch (RuntimeException e) {
            // As for messages: a listener bug must not end the I/O thread.
            LOG.error("handling a connection event failed", e);
        }
    }

    private void receiveAll() {
        while (true) {
            byte[] first = socket.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>(2);
            frames.add(first);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv());
            }
            try {
                received(frames);
            } catch (RuntimeException e) {
                // A listener bug must not kill the connection that the other peers share.
                LOG.error("handling a received message failed", e);
            }
        }
    }

    private void closeSocket() {
        if (monitor != null) {
            socket.monitor(null, 0);
            monitor.close();
            monitor = null;
        }
        socket.close();
    }

    /**
     * Sends what is queued (the socket's linger bounds how long delivery may take), closes the
     * socket and waits for the I/O thread to end.
     */
    @Override
    public void close() {
        run(() -> closing = true);
        try {
            ioThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            wakeup.sink().close();
            wakeup.source().close();
        } catch (IOException e) {
            LOG.debug("closing the wake-up pipe", e);
        }
    }
}
