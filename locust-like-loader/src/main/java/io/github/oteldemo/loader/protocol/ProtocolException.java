package io.github.oteldemo.loader.protocol;

/**
 * A message that does not follow Locust's protocol: bad msgpack, a missing field or a field
 * of the wrong type. The message says which, so a log line is enough to find the peer's fault.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the field
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause   the decoder's error
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
