package io.github.oteldemo.testing.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real program started by a test, its output in a log file that failures can quote. Closing it
 * stops it the way Kubernetes would: SIGTERM, then SIGKILL after a grace period.
 */
public final class PeerProcess implements AutoCloseable {

    private static final long GRACE_SECONDS = 10;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private PeerProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /**
     * Starts a program.
     *
     * @param name        what failures call it
     * @param command     the program and its arguments
     * @param environment variables added to this JVM's environment
     * @param log         the file its standard output and error go to (appended, so a restart keeps both runs)
     */
    public static PeerProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        PeerProcess peer = new PeerProcess(name, command, environment, log);
        peer.restart();
        return peer;
    }

    /** Starts it again with the same command, after {@link #stop()}. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** SIGTERM, wait for the program to exit, SIGKILL if it does not within the grace period. */
    public int stop() {
        if (process == null) {
            return -1;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    /** @return everything the program wrote so far */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the last lines of its output, for assertion messages */
    public String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " (" + log + ")";
    }
}
