package io.github.oteldemo.loader.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.Loader;
import io.github.oteldemo.loader.LoaderRun;
import io.github.oteldemo.loader.http.HttpTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class OptionsTest {

    private static LoaderOptions parse(Map<String, String> env, String... args) {
        LoaderOptions options = new LoaderOptions();
        new CommandLine(options)
                .setDefaultValueProvider(new EnvironmentDefaults(env))
                .parseArgs(args);
        options.validate();
        return options;
    }

    @Test
    void readsLocustEnvironmentVariablesAndTheOriginalManifestsNames() {
        LoaderOptions options = parse(Map.of(
                "LOCUST_USERS",
                "50",
                "LOCUST_SPAWN_RATE",
                "2.5",
                "LOCUST_HEADLESS",
                "true",
                "LOCUST_RUN_TIME",
                "1h30m",
                "TARGET_HOST",
                "http://app:8080",
                "LOCUST_MODE",
                "worker",
                "LOCUST_MASTER",
                "loader-master",
                "LOCUST_MASTER_PORT",
                "6000",
                "LOCUST_THRESHOLD",
                "p95<200ms,fail_ratio<0.01"));
        assertThat(options.users()).isEqualTo(50);
        assertThat(options.spawnRate()).isEqualTo(2.5);
        assertThat(options.headless()).isTrue();
        assertThat(options.runTime()).isEqualTo(Duration.ofMinutes(90));
        assertThat(options.host()).isEqualTo("http://app:8080");
        assertThat(options.mode()).isEqualTo(Mode.WORKER);
        assertThat(options.worker().masterHost()).isEqualTo("loader-master");
        assertThat(options.worker().masterPort()).isEqualTo(6000);
        assertThat(options.thresholds()).hasSize(2);
    }

    @Test
    void flagsWinOverTheEnvironmentAndLocustHostWinsOverTargetHost() {
        LoaderOptions options = parse(
                Map.of("LOCUST_USERS", "50", "LOCUST_HOST", "http://a", "TARGET_HOST", "http://b"),
                "-u",
                "7",
                "--master");
        assertThat(options.users()).isEqualTo(7);
        assertThat(options.host()).isEqualTo("http://a");
        assertThat(options.mode()).isEqualTo(Mode.MASTER);
        assertThat(parse(Map.of()).mode()).isEqualTo(Mode.STANDALONE);
        assertThat(parse(Map.of()).web().port()).isEqualTo(8089);
        assertThat(parse(Map.of()).master().bindPort()).isEqualTo(5557);
    }

    @Test
    void parsesLocustTimespansAndHosts() {
        assertThat(Timespan.parse("20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Timespan.parse("3h30m10s")).isEqualTo(Duration.ofSeconds(3 * 3600 + 30 * 60 + 10));
        assertThat(Timespan.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        HttpTarget target = HttpTarget.parse("https://example.com/base/");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.basePath()).isEqualTo("/base");
        assertThat(target.url("/x")).isEqualTo("https://example.com/base/x");
        assertThat(HttpTarget.parse("http://127.0.0.1:8080").hostHeader()).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void helpListsTheOptionsInLocustLikeSections() {
        LoaderRun help = LoaderRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .startsWith("Usage: locust-like-loader [OPTIONS]")
                .containsSubsequence(
                        "Common options:",
                        "--locustfile",
                        "--host",
                        "--otel",
                        "Load options:",
                        "--users",
                        "--spawn-rate",
                        "--run-time",
                        "--arrival-rate",
                        "--request-timeout",
                        "--io-threads",
                        "--stop-timeout",
                        "Web UI options:",
                        "--headless",
                        "--autostart",
                        "--web-host",
                        "--web-port",
                        "--web-auth",
                        "Master options:",
                        "--master ",
                        "--master-bind-host",
                        "--master-bind-port",
                        "--expect-workers",
                        "--missing-worker-timeout",
                        "Worker options:",
                        "--worker ",
                        "--master-host",
                        "--master-port",
                        "--master-connect-timeout",
                        "Request statistics options:",
                        "--csv",
                        "--csv-full-history",
                        "--reset-stats",
                        "--threshold",
                        "--exit-code-on-error",
                        "Exit codes:");
    }

    @Test
    void everyGroupKeepsItsDefaultsWhenNoneOfItsOptionsIsGiven() {
        LoaderOptions none = parse(Map.of());
        assertThat(none.users()).isEqualTo(1);
        assertThat(none.spawnRate()).isEqualTo(1.0);
        assertThat(none.runTime()).isNull();
        assertThat(none.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(none.stopTimeout()).isEqualTo(Duration.ZERO);
        assertThat(none.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(none.headless()).isFalse();
        assertThat(none.web().host()).isEqualTo("0.0.0.0");
        assertThat(none.web().port()).isEqualTo(8089);
        assertThat(none.master().bindHost()).isEqualTo("*");
        assertThat(none.master().bindPort()).isEqualTo(5557);
        assertThat(none.master().expectWorkers()).isEqualTo(1);
        assertThat(none.master().expectWorkersMaxWait()).isEqualTo(Duration.ZERO);
        assertThat(none.master().heartbeatLiveness()).isEqualTo(Duration.ofSeconds(3));
        assertThat(none.master().missingWorkerTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(none.worker().masterHost()).isEqualTo("127.0.0.1");
        assertThat(none.worker().masterPort()).isEqualTo(5557);
        assertThat(none.worker().connectTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(none.csvPrefix()).isNull();
        assertThat(none.exitCodeOnError()).isEqualTo(1);
        assertThat(none.thresholds()).isEmpty();

        // One option of a group makes picocli build the group anew: its other options keep their defaults.
        LoaderOptions some = parse(Map.of(), "-u", "5", "--web-auth", "a:b", "--worker", "--csv", "out/run");
        assertThat(some.spawnRate()).isEqualTo(1.0);
        assertThat(some.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(some.web().port()).isEqualTo(8089);
        assertThat(some.worker().masterPort()).isEqualTo(5557);
        assertThat(some.worker().connectTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(some.exitCodeOnError()).isEqualTo(1);
    }

    @Test
    void environmentDefaultsReachOptionsInsideEveryGroup() {
        Map<String, String> env = Map.of(
                "LOCUST_SPAWN_RATE", "2.5",
                "LOCUST_REQUEST_TIMEOUT", "5s",
                "LOCUST_WEB_PORT", "9000",
                "LOCUST_AUTOSTART", "true",
                "LOCUST_EXPECT_WORKERS", "3",
                "LOCUST_EXPECT_WORKERS_MAX_WAIT", "1m",
                "LOCUST_MASTER_NODE_HOST", "loader-master",
                "LOCUST_CSV", "out/run",
                "LOCUST_EXIT_CODE_ON_ERROR", "4");
        for (String[] args : new String[][] {
            {}, {"-u", "2", "--web-host", "127.0.0.1", "--master-bind-port", "6000", "--worker", "--reset-stats"}
        }) {
            LoaderOptions options = parse(env, args);
            assertThat(options.spawnRate()).isEqualTo(2.5);
            assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.web().port()).isEqualTo(9000);
            assertThat(options.autostart()).isTrue();
            assertThat(options.master().expectWorkers()).isEqualTo(3);
            assertThat(options.master().expectWorkersMaxWait()).isEqualTo(Duration.ofMinutes(1));
            assertThat(options.worker().masterHost()).isEqualTo("loader-master");
            assertThat(options.csvPrefix()).isEqualTo("out/run");
            assertThat(options.exitCodeOnError()).isEqualTo(4);
        }
        LoaderOptions flagsWin = parse(env, "-r", "7", "--web-port", "0", "--master-host", "other", "--csv", "x");
        assertThat(flagsWin.spawnRate()).isEqualTo(7.0);
        assertThat(flagsWin.web().port()).isZero();
        assertThat(flagsWin.worker().masterHost()).isEqualTo("other");
        assertThat(flagsWin.csvPrefix()).isEqualTo("x");
    }

    @Test
    void badValuesInEveryGroupAreOneLineAndExitTwo() {
        assertUsageError(LoaderRun.of("-r", "fast"), "Invalid value for option '--spawn-rate': 'fast' is not a double");
        assertUsageError(
                LoaderRun.of(Map.of("LOCUST_REQUEST_TIMEOUT", "soon")),
                "Invalid value for option '--request-timeout': invalid time span 'soon'");
        assertUsageError(LoaderRun.of("--io-threads", "0"), "--io-threads must be >= 1, got 0");
        assertUsageError(
                LoaderRun.of(Map.of("LOCUST_WEB_PORT", "-1")),
                "Invalid value for option '--web-port': must be a port number (0-65535), got -1");
        assertUsageError(
                LoaderRun.of("--master", "--expect-workers-max-wait", "5x"),
                "Invalid value for option '--expect-workers-max-wait': invalid time span '5x'");
        assertUsageError(
                LoaderRun.of(Map.of("LOCUST_MASTER_PORT", "tcp://10.0.0.1:5557"), "--worker"),
                "Invalid value for option '--master-port': 'tcp://10.0.0.1:5557' is not a port number (0-65535)");
        assertUsageError(
                LoaderRun.of(Map.of("LOCUST_EXIT_CODE_ON_ERROR", "one")),
                "Invalid value for option '--exit-code-on-error': 'one' is not an int");
        // Inside a group picocli would start the group over and drop --master-host; refused as outside one.
        assertUsageError(
                LoaderRun.of("--master-port", "1", "--master-host", "a", "--master-port", "2"),
                "option '--master-port' (PORT) should be specified only once");
        assertUsageError(LoaderRun.of("--headless", "--headless"), "option '--headless' should be specified only once");
        assertThat(parse(Map.of(), "--threshold", "p95<1s", "-u", "3", "--threshold", "avg<1s")
                        .thresholds())
                .hasSize(2);
    }

    @Test
    void everyPortAndTimeOptionTakesThePortAndTimespanConverters() {
        List<OptionSpec> options =
                new CommandLine(new LoaderOptions()).getCommandSpec().options();
        assertThat(options)
                .filteredOn(o -> o.type() == Duration.class)
                .hasSize(7)
                .allSatisfy(
                        o -> assertThat(o.converters()).as(o.longestName()).hasAtLeastOneElementOfType(Timespan.class));
        assertThat(options)
                .filteredOn(o -> o.longestName().endsWith("-port"))
                .hasSize(3)
                .allSatisfy(o -> assertThat(o.converters()).as(o.longestName()).hasAtLeastOneElementOfType(Port.class));
    }

    private static void assertUsageError(LoaderRun run, String expected) {
        assertThat(run.exitCode()).isEqualTo(Loader.EXIT_USAGE);
        assertThat(run.err()).contains(expected);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
