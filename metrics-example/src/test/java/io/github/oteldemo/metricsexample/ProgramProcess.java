package io.github.oteldemo.metricsexample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded jar running as a real child process.
 *
 * <p>Its output goes to files rather than pipes: the JDK drains a pipe itself when the child exits
 * and can drop what a reader thread had not taken yet, which loses exactly the last lines a
 * shutdown test is about.
 */
final class ProgramProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ProgramProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the jar with a clean environment: only PATH, HOME and {@code env}. */
    static ProgramProcess start(Map<String, String> env, String... args) {
        Path jar = Path.of(System.getProperty("metrics-example.jar", "target/metrics-example.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run `mvn package` first");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Roughly the image's JVM flags: small and quick to start.
        ProcessBuilder builder = new ProcessBuilder(
                java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-jar", jar.toString());
        builder.command().addAll(List.of(args));
        Map<String, String> environment = builder.environment();
        // Nothing from the build's environment (an OTEL_* variable, say) may leak into the program.
        environment.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        environment.putAll(env);
        try {
            Path stdout = Files.createTempFile("metrics-example", ".out");
            Path stderr = Files.createTempFile("metrics-example", ".err");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            return new ProgramProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a stdout line matching {@code regex} and returns its first group (or the line). */
    String awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        // A program that has ended prints nothing more: no use waiting for the line then.
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(
                                !process.isAlive() || firstMatch(pattern).isPresent())
                        .as("a line matching %s, or the program's end; output:%n%s", regex, output())
                        .isTrue());
        return firstMatch(pattern)
                .orElseThrow(() -> new AssertionError(
                        "the program ended without a line matching " + regex + "; output:\n" + output()));
    }

    private Optional<String> firstMatch(Pattern pattern) {
        for (String line : stdout()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : line);
            }
        }
        return Optional.empty();
    }

    /** Sends SIGTERM ({@link Process#destroy()} does on Linux) and waits for the exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return exitCode(timeout);
    }

    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    List<String> stdout() {
        return lines(stdout);
    }

    List<String> stderr() {
        return lines(stderr);
    }

    String output() {
        return String.join("\n", stdout()) + "\n--- stderr ---\n" + String.join("\n", stderr());
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
