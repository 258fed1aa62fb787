package io.github.oteldemo.loader.master;

import io.github.oteldemo.testing.peers.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Python Locust (the current release from PyPI, installed by {@code scripts/peers.sh
 * locust}) as a peer process. Tests that need it are skipped locally, with one line, where it is
 * not installed, and fail under {@code CI=true}.
 */
public final class PythonLocust implements AutoCloseable {

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

    /** Skips (locally) or fails (under CI) the calling test when the Locust peer is not installed. */
    public static void assumeInstalled() {
        Peers.require("locust");
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
        return startWith(dir, LOCUSTFILE, args);
    }

    /**
     * Starts {@code locust} with a given locustfile.
     *
     * @param dir        a temporary directory for the locustfile, the log and CSV files
     * @param locustfile the Python source
     * @param args       arguments after {@code -f locustfile.py}
     * @return the running process
     * @throws IOException when it cannot start
     */
    public static PythonLocust startWith(Path dir, String locustfile, String... args) throws IOException {
        Path file = dir.resolve("locustfile-" + System.nanoTime() + ".py");
        Files.writeString(file, locustfile);
        return startFile(dir, file.toString(), args);
    }

    /**
     * Starts a master with its web UI, both bound to 127.0.0.1, that spawns its users (10 a
     * second) as soon as one worker has connected.
     *
     * @param dir        a temporary directory for the locustfile, the log and CSV files
     * @param locustfile the Python source
     * @param masterPort the port workers connect to
     * @param webPort    the port of the web UI and API
     * @param users      {@code -u}
     * @param host       {@code -H}, the target
     * @param more       further arguments
     * @return the running process
     * @throws IOException when it cannot start
     */
    public static PythonLocust startWebMaster(
            Path dir, String locustfile, int masterPort, int webPort, int users, String host, String... more)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--master",
                "--autostart",
                "--expect-workers",
                "1",
                "-u",
                String.valueOf(users),
                "-r",
                "10",
                "--master-bind-host",
                "127.0.0.1",
                "--master-bind-port",
                String.valueOf(masterPort),
                "--web-host",
                "127.0.0.1",
                "--web-port",
                String.valueOf(webPort),
                "-H",
                host));
        args.addAll(List.of(more));
        return startWith(dir, locustfile, args.toArray(String[]::new));
    }

    /**
     * Starts {@code locust -f FILE ...}; {@code FILE} may be {@code -}, a worker then asks its
     * master for the locustfile.
     *
     * @param dir        a temporary directory for the log and CSV files
     * @param locustfile what follows {@code -f}
     * @param args       further arguments
     * @return the running process
     * @throws IOException when it cannot start
     */
    public static PythonLocust startFile(Path dir, String locustfile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Peers.require("locust").toString(), "-f", locustfile));
        command.addAll(List.of(args));
        Path log = dir.resolve("locust-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
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

    /**
     * Freezes the process (SIGSTOP): its connections stay open and it answers nothing, as a
     * master that hangs.
     *
     * @throws Exception when {@code kill} fails
     */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /**
     * Lets a paused process run again (SIGCONT).
     *
     * @throws Exception when {@code kill} fails
     */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
        }
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
