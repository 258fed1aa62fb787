package io.github.oteldemo.testing.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real OpenTelemetry Collector that {@code scripts/peers.sh} builds from the chart's components. */
public final class Otelcol {

    private Otelcol() {}

    /** What {@code otelcol validate} said of one configuration. */
    public record Validation(int exitCode, String output) {

        public boolean valid() {
            return exitCode == 0;
        }

        /** @return the lines where the collector warns about a deprecated name or form */
        public List<String> deprecations() {
            return deprecationsIn(output);
        }
    }

    /** Lines of a collector's log that warn about deprecated configuration. */
    public static List<String> deprecationsIn(String log) {
        return log.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains("deprecat"))
                .toList();
    }

    private static final Pattern SECTION = Pattern.compile("^([a-z]+):$");
    private static final Pattern NAME = Pattern.compile("^\\s+- name: (\\S+)$");

    /**
     * The component types this collector lists under each kind ({@code receivers},
     * {@code processors}, {@code exporters}, {@code extensions}, {@code connectors}), from
     * {@code otelcol components}. It lists each component under its current name only: a
     * deprecated alias (such as {@code otlp} for {@code otlp_grpc}) still loads, and warns only
     * when the collector starts, which {@code validate} never does.
     */
    public static Map<String, Set<String>> components() {
        String output = run(List.of(Peers.require("otelcol").toString(), "components"), Map.of())
                .output();
        Map<String, Set<String>> components = new LinkedHashMap<>();
        Set<String> current = null;
        for (String line : output.lines().toList()) {
            Matcher section = SECTION.matcher(line);
            Matcher name = NAME.matcher(line);
            if (section.matches()) {
                current = components.computeIfAbsent(section.group(1), kind -> new TreeSet<>());
            } else if (current != null && name.matches()) {
                current.add(name.group(1));
            }
        }
        return components;
    }

    /**
     * Runs {@code otelcol validate}: the configuration is parsed, every component it names is
     * looked up and its settings are checked, nothing is started.
     */
    public static Validation validate(Path config, Map<String, String> environment) {
        return run(
                List.of(Peers.require("otelcol").toString(), "validate", "--config=file:" + config.toAbsolutePath()),
                environment);
    }

    private static Validation run(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 60 s:\n" + output);
            }
            return new Validation(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a collector with this configuration; its log goes to {@code log}. */
    public static PeerProcess start(String name, Path config, Map<String, String> environment, Path log) {
        return PeerProcess.start(
                name,
                List.of(Peers.require("otelcol").toString(), "--config=file:" + config.toAbsolutePath()),
                environment,
                log);
    }
}
