package io.github.oteldemo.loader.worker;

/** The master did not answer a worker's {@code client_ready} in time. */
public final class MasterUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message says which master and how long the worker waited
     */
    public MasterUnreachableException(String message) {
        super(message);
    }
}
