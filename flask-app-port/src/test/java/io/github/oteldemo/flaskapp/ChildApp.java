package io.github.oteldemo.flaskapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code main} in its own JVM, the way a container runs it. */
final class ChildApp implements AutoCloseable {

    /**
     * A {@code server:} section for a child's config.yml: both connectors on loopback, on ports the
     * system picks ({@link #awaitPort} reads them back), and no request log.
     */
    static final String LOOPBACK_SERVER = """
            server:
              applicationConnectors:
                - type: http
                  bindHost: 127.0.0.1
                  port: 0
              adminConnectors:
                - type: http
                  bindHost: 127.0.0.1
                  port: 0
              requestLog:
                appenders: []
            """;

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildApp(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ChildApp start(Map<String, String> environment, String... arguments) throws IOException {
        return start(FlaskAppApplication.class, environment, arguments);
    }

    /** Runs the {@code main} of the given application: the app itself or a test's extension of it. */
    static ChildApp start(
            Class<? extends FlaskAppApplication> application, Map<String, String> environment, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                application.getName()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile("flask-app-stdout", ".log");
        Path stderr = Files.createTempFile("flask-app-stderr", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // Nothing from the developer's shell (an OTEL_* setting, a PORT) may leak in.
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("OTEL_")
                        || name.startsWith("DD_")
                        || List.of("PORT", "ADMIN_PORT", "CHAOS_TARGET_PERCENT", "APP_ENVIRONMENT")
                                .contains(name)
                        || name.startsWith("STATSD_"));
        builder.environment().putAll(environment);
        return new ChildApp(builder.start(), stdout, stderr);
    }

    /**
     * Waits for Jetty to report a connector started and returns its port: the configurations
     * the tests give use port 0.
     *
     * @param connector {@code application} or {@code admin}
     */
    int awaitPort(String connector, Duration patience) {
        Pattern started = Pattern.compile("Started " + connector + "@.*\\{127\\.0\\.0\\.1:(\\d+)}");
        await("the " + connector + " port")
                .atMost(patience)
                .pollInterval(Duration.ofMillis(100))
                .failFast("the app exited; stdout: " + stdout() + " stderr: " + stderr(), () -> !process.isAlive())
                .untilAsserted(() ->
                        assertThat(stdout()).as("stdout (stderr: %s)", stderr()).containsPattern(started));
        Matcher port = started.matcher(stdout());
        port.find();
        return Integer.parseInt(port.group(1));
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "still running after " + timeout + "; stdout: " + stdout() + " stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as Kubernetes does. */
    void terminate() {
        process.destroy();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for the exit of a start-up that a user mistake stops: status 1, one line on stderr
     * that contains {@code expected}, and no stack trace anywhere.
     */
    void assertFailsWithOneLine(Duration patience, String expected) throws InterruptedException {
        int exit = awaitExit(patience);
        String errors = stderr();
        assertThat(exit).as("exit status; stderr: %s", errors).isEqualTo(1);
        assertThat(errors.strip().lines())
                .as("stderr")
                .singleElement(STRING)
                .contains(expected)
                .doesNotContain("Exception");
        assertThat(stdout()).as("stdout").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
