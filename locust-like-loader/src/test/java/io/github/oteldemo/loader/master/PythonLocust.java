package io.github.oteldemo.loader.master;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Python Locust (Debian's {@code python3-locust}) as a peer process. Tests that need it
 * are skipped, with a message, where it is not installed.
 */
public final class PythonLocust implements AutoCloseable {

    /** Debian's entry point. */
    public static final Path LOCUST = Path.of("/usr/bin/locust");

    /** A locustfile whose class name matches the Java default user class ({@code WebsiteUser}). */
    public static final String LOCUSTFILE = """
            from locust import HttpUser, task, constant

            class WebsiteUser(HttpUser):
                wait_time = constant(0.02)

                @task
                def index(self):
                    self.client.get("/")
            """;

    private final Process process;
    private final Path log;

    private PythonLocust(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test when Python Locust is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(LOCUST),
                "skipped: " + LOCUST + " is absent (apt-get install python3-locust to run the interop tests)");
    }

    /**
     * Starts {@code locust} with the tiny locustfile.
     *
     * @param dir  a temporary directory for the locustfile, the log and CSV files
     * @param args arguments after {@code -f locustfile.py}
     * @return the running process
     * @throws IOException when it cannot start
     */
    public static PythonLocust start(Path dir, String... args) throws IOException {
        Path locustfile = dir.resolve("locustfile.py");
        Files.writeString(locustfile, LOCUSTFILE);
        List<String> command = new ArrayList<>(List.of(LOCUST.toString(), "-f", locustfile.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("locust-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PythonLocust(process, log);
    }

    /** @return a port that was free a moment ago, for a Python master to bind */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * @param seconds how long to wait
     * @return the exit code
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when it is still running
     */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("locust still running after " + seconds + " s; log:\n" + log());
        }
        return process.exitValue();
    }

    /** @return whether the process still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return what the process printed so far */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Kills the process without letting it say goodbye (SIGKILL), as a crash or an evicted pod.
     *
     * @throws InterruptedException when interrupted
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the process if it still runs (SIGTERM: Locust then shuts down cleanly). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
