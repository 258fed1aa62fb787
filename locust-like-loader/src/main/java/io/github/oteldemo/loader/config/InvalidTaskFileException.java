package io.github.oteldemo.loader.config;

/** A task file that cannot be used; the message is one line meant for the user. */
public final class InvalidTaskFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the file, the line and the field */
    public InvalidTaskFileException(String message) {
        super(message);
    }
}
