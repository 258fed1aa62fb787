package io.github.oteldemo.loader.config;

/** What this process does: run users itself, coordinate workers, or be one. */
public enum Mode {
    /** Users run in this process (the default). */
    STANDALONE,
    /** Coordinates workers over Locust's protocol and runs no users. */
    MASTER,
    /** Runs users for a master. */
    WORKER
}
