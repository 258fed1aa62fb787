package io.github.oteldemo.loader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The outcome of running {@link Loader} in-process: exit code and what it printed. Shared by the
 * command-line tests of every package.
 */
public record LoaderRun(int exitCode, String out, String err) {

    public static LoaderRun of(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Loader.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
        return new LoaderRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static LoaderRun of(String... args) {
        return of(Map.of(), args);
    }
}
