package io.github.oteldemo.loader.runner;

import java.util.Locale;

/** A runner's (or worker's) state, with the names Locust uses on the wire and in its API. */
public enum RunnerState {
    READY,
    SPAWNING,
    RUNNING,
    CLEANUP,
    STOPPING,
    STOPPED,
    MISSING;

    /** @return the name Locust uses, e.g. {@code "running"} */
    public String locustName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param locustName a name as Locust sends it, e.g. {@code "spawning"}
     * @return the state
     * @throws IllegalArgumentException for an unknown name
     */
    public static RunnerState fromLocustName(String locustName) {
        return valueOf(locustName.toUpperCase(Locale.ROOT));
    }
}
