package io.github.oteldemo.loader.protocol;

/**
 * Receives what arrives on a {@link MasterSocket} or {@link WorkerSocket}. Called on the socket's
 * I/O thread, one call at a time: hand long work to another thread, or heartbeats stall.
 */
public interface ConnectionListener {

    /**
     * @param message a well-formed message from the peer
     */
    void onMessage(Message message);

    /**
     * A frame that is not a Locust message arrived.
     *
     * @param peer  the sender's ZeroMQ identity (the worker id on a master), or the master's address
     * @param error what is wrong with it
     */
    default void onMalformed(String peer, ProtocolException error) {}

    /** The TCP connection to the peer is up (worker side only). */
    default void onConnected() {}

    /** The TCP connection to the peer was lost (worker side only). */
    default void onDisconnected() {}
}
