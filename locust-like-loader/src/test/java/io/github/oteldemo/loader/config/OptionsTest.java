package io.github.oteldemo.loader.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.http.HttpTarget;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
}
