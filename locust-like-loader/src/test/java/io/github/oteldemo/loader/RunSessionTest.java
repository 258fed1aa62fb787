package io.github.oteldemo.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.config.EnvironmentDefaults;
import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run with the web UI up ({@code --autostart}) ends on a shutdown request (SIGTERM) with its summary. */
class RunSessionTest {

    @Test
    void autostartRunsUntilShutdownThenReportsAndResetsStatsOnceSpawned() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LoaderOptions options = new LoaderOptions();
            new CommandLine(options)
                    .setDefaultValueProvider(new EnvironmentDefaults(Map.of()))
                    .parseArgs(
                            "--autostart",
                            "--reset-stats",
                            "--web-host",
                            "127.0.0.1",
                            "--web-port",
                            "0",
                            "-H",
                            target.url(),
                            "-u",
                            "3",
                            "-r",
                            "100",
                            "--threshold",
                            "fail_ratio<0.01");
            options.validate();
            LocalRunner runner =
                    new LocalRunner(TaskFile.DEFAULT, client, options.host(), Duration.ofSeconds(1), "local");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunSession session = new RunSession(
                    options,
                    runner,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!err.toString(StandardCharsets.UTF_8).contains("Resetting stats") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(runner.state()).isEqualTo(RunnerState.RUNNING);
            long arrivedBeforeReset = target.arrived("GET /");
            Thread.sleep(500);
            session.requestShutdown();

            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(runner.state()).isEqualTo(RunnerState.STOPPED);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("Starting web interface at http://127.0.0.1:");
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(report).contains("Response time percentiles").contains("threshold 'fail_ratio<0.01' passed");
            long counted = runner.stats().total().numRequests();
            assertThat(counted).isPositive().isLessThan(target.arrived("GET /"));
            assertThat(counted).isGreaterThanOrEqualTo(target.arrived("GET /") - arrivedBeforeReset - 3);
        }
    }

    @Test
    void webUiAnswersWhileTheStartConditionHoldsTheRunBack() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LoaderOptions options = autostartOptions(target);
            LocalRunner runner =
                    new LocalRunner(TaskFile.DEFAULT, client, options.host(), Duration.ofSeconds(1), "local");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CountDownLatch workersJoined = new CountDownLatch(1);
            RunSession session = new RunSession(
                    options,
                    runner,
                    () -> {
                        workersJoined.await();
                        return Optional.empty();
                    },
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = runInBackground(session);

            // A master waiting for --expect-workers must pass its Kubernetes probes meanwhile.
            int webPort = awaitWebPort(err);
            HttpResponse<Void> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/healthz"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(runner.state()).isEqualTo(RunnerState.READY);
            assertThat(target.arrived("GET /")).isZero();

            workersJoined.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (target.arrived("GET /") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(target.arrived("GET /")).isPositive();
            session.requestShutdown();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void unmetStartConditionEndsTheRunWithOneLineAndExitCodeOne() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LoaderOptions options = autostartOptions(target);
            LocalRunner runner =
                    new LocalRunner(TaskFile.DEFAULT, client, options.host(), Duration.ofSeconds(1), "local");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunSession session = new RunSession(
                    options,
                    runner,
                    () -> Optional.of("gave up waiting for workers"),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(session.run()).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("locust-like-loader: gave up waiting for workers\n")
                    .doesNotContain("Exception");
            assertThat(target.arrived("GET /")).isZero();
        }
    }

    private static LoaderOptions autostartOptions(TargetServer target) {
        LoaderOptions options = new LoaderOptions();
        new CommandLine(options)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of()))
                .parseArgs(
                        "--autostart",
                        "--web-host",
                        "127.0.0.1",
                        "--web-port",
                        "0",
                        "-H",
                        target.url(),
                        "-u",
                        "2",
                        "-r",
                        "100");
        options.validate();
        return options;
    }

    private static CompletableFuture<Integer> runInBackground(RunSession session) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int awaitWebPort(ByteArrayOutputStream err) throws InterruptedException {
        Pattern started = Pattern.compile("Starting web interface at http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Matcher matcher = started.matcher(err.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the web interface did not start: " + err.toString(StandardCharsets.UTF_8));
    }
}
