package io.github.oteldemo.loader.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.dispatch.UsersDispatcher;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.stats.RequestStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRunnerTest {

    private static final WaitTimeSpec PACED = new WaitTimeSpec("constant", null, null, 0.05, null);
    private static final TaskFile TWO_CLASSES = new TaskFile(List.of(
            new UserClassSpec("Reader", 3, PACED, List.of(TaskSpec.GET_ROOT)),
            new UserClassSpec(
                    "Writer", 1, PACED, List.of(new TaskSpec(null, 1, "POST", "/created", null, "{}", List.of(201))))));

    private static void awaitRunning(LocalRunner runner) throws InterruptedException {
        long began = System.nanoTime();
        while (runner.state() != RunnerState.RUNNING && System.nanoTime() - began < 10e9) {
            Thread.sleep(20);
        }
        assertThat(runner.state()).isEqualTo(RunnerState.RUNNING);
    }

    /** Ramps the runner and the dispatcher to {@code users}; both must end with the same users per class. */
    private static Map<String, Integer> sameRamp(LocalRunner runner, UsersDispatcher master, int users)
            throws InterruptedException {
        runner.start(users, 100, null);
        awaitRunning(runner);
        master.newDispatch(users, 100);
        Map<String, Integer> expected = null;
        for (Map<String, Map<String, Integer>> step = master.next(); step != null; step = master.next()) {
            expected = step.get("worker-1");
        }
        assertThat(runner.classCounts()).as("%d users", users).isEqualTo(expected);
        return runner.classCounts();
    }

    @Test
    void splitsUsersByWeightAndRampsAtTheSpawnRate() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_CLASSES, client, target.url(), Duration.ofSeconds(1), "local");
            List<RunnerState> states = new ArrayList<>();
            runner.onStateChange(states::add);
            long began = System.nanoTime();
            runner.start(8, 4, null);
            Thread.sleep(300);
            // As Locust's dispatcher: floor(rate) users a step, a step every floor(rate)/rate seconds.
            assertThat(runner.classCounts()).containsExactly(Map.entry("Reader", 3), Map.entry("Writer", 1));
            awaitRunning(runner);
            double seconds = (System.nanoTime() - began) / 1e9;
            assertThat(seconds).isBetween(0.9, 3.0); // 8 users at 4/s: the second step of 4 after 1 s
            assertThat(runner.classCounts()).containsExactly(Map.entry("Reader", 6), Map.entry("Writer", 2));

            runner.start(4, 100, null);
            while (runner.state() != RunnerState.RUNNING) {
                Thread.sleep(20);
            }
            assertThat(runner.classCounts()).containsExactly(Map.entry("Reader", 3), Map.entry("Writer", 1));
            Thread.sleep(300);
            runner.stop();
            assertThat(states)
                    .containsSubsequence(
                            RunnerState.SPAWNING,
                            RunnerState.RUNNING,
                            RunnerState.SPAWNING,
                            RunnerState.RUNNING,
                            RunnerState.STOPPING,
                            RunnerState.STOPPED);

            RequestStats stats = runner.stats();
            Thread.sleep(200);
            assertThat(stats.total().numFailures()).isZero();
            assertThat(stats.entries())
                    .extracting(e -> e.method() + " " + e.name())
                    .containsExactly("GET /", "POST /created");
            assertThat(stats.entries().get(1).numRequests()).isEqualTo(target.arrived("POST /created"));
            assertThat(stats.entries().get(0).numRequests()).isEqualTo(target.arrived("GET /"));
            runner.quit();
        }
    }

    @Test
    void spawnsExactCountsForAWorkerAndHandsOverStatsDeltas() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_CLASSES, client, target.url(), Duration.ofSeconds(1), "worker-1");
            runner.spawnExact(Map.of("Writer", 3), null);
            assertThat(runner.state()).isEqualTo(RunnerState.RUNNING);
            assertThat(runner.classCounts()).containsExactly(Map.entry("Reader", 0), Map.entry("Writer", 3));
            assertThat(runner.userCount()).isEqualTo(3);
            assertThatThrownBy(() -> runner.spawnExact(Map.of("Ghost", 1), null))
                    .hasMessage("unknown user class 'Ghost' (this task file defines [Reader, Writer])");

            RequestStats master = new RequestStats();
            Thread.sleep(300);
            master.merge(runner.stats().takeDelta());
            Thread.sleep(300);
            runner.stop();
            master.merge(runner.stats().takeDelta());
            assertThat(master.total().numRequests()).isPositive().isEqualTo(target.arrived("POST /created"));
            runner.quit();
        }
    }

    @Test
    void aStandaloneRampEndsWithTheCountsOfAMastersDispatcher() throws Exception {
        TaskFile mixed = new TaskFile(List.of(
                new UserClassSpec("Reader", 3, PACED, List.of(TaskSpec.GET_ROOT), 0),
                new UserClassSpec("Admin", 1, PACED, List.of(TaskSpec.GET_ROOT), 2),
                new UserClassSpec("Writer", 2, PACED, List.of(TaskSpec.GET_ROOT), 0),
                new UserClassSpec("Auditor", 5, PACED, List.of(TaskSpec.GET_ROOT), 1)));
        UsersDispatcher master = new UsersDispatcher(
                List.of("worker-1"),
                mixed.users().stream()
                        .map(c -> new UsersDispatcher.UserClass(c.name(), c.weight(), c.fixedCount()))
                        .toList());
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(mixed, client, target.url(), Duration.ofSeconds(1), "local");
            // Up past the fixed counts, down, and below them: the same history on both sides.
            for (int users : new int[] {11, 6, 2, 13}) {
                sameRamp(runner, master, users);
            }
            // fixed_count first, then the weights 3:2 over the rest.
            assertThat(runner.classCounts()).isEqualTo(Map.of("Admin", 2, "Auditor", 1, "Reader", 6, "Writer", 4));
            runner.quit();
        }
    }

    @Test
    void aRunningRampTakesAnUpdatedFixedCountAsAMastersDispatcherDoes() throws Exception {
        UsersDispatcher master = new UsersDispatcher(
                List.of("worker-1"),
                List.of(new UsersDispatcher.UserClass("Reader", 3, 0), new UsersDispatcher.UserClass("Writer", 1, 0)));
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_CLASSES, client, target.url(), Duration.ofSeconds(1), "local");
            assertThat(sameRamp(runner, master, 8)).containsExactly(Map.entry("Reader", 6), Map.entry("Writer", 2));
            runner.updateUserClass(Map.of("user_class_name", "Writer", "fixed_count", 3));
            master.userClasses(List.of(
                    new UsersDispatcher.UserClass("Reader", 3, 0), new UsersDispatcher.UserClass("Writer", 1, 3)));
            // Down, then up: the top-up after the removal brings the fixed Writers first (else Reader 7, Writer 2).
            sameRamp(runner, master, 5);
            assertThat(sameRamp(runner, master, 9)).containsExactly(Map.entry("Reader", 5), Map.entry("Writer", 4));
            runner.quit();
        }
    }

    @Test
    void aChangeThatRacesTheShutdownChangesNothingAndThrowsNothing() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_CLASSES, client, target.url(), Duration.ofSeconds(1), "local");
            runner.quit();
            runner.updateUserClass(Map.of("user_class_name", "Writer", "fixed_count", 3));
            runner.start(4, 100, null);
            assertThat(runner.userCount()).isZero();
        }
    }

    @Test
    void weightsAndFixedCountsCountFromTheNextDispatcher() throws Exception {
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_CLASSES, client, target.url(), Duration.ofSeconds(1), "local");
            // By weight 4 users are 3 readers and 1 writer; a fixed count comes first whatever the weights.
            runner.updateUserClass(Map.of("user_class_name", "Writer", "fixed_count", 3));
            runner.start(4, 100, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> runner.state() == RunnerState.RUNNING);
            assertThat(runner.classCounts()).containsExactly(Map.entry("Reader", 1), Map.entry("Writer", 3));

            // New weights count from the next dispatcher, made at the first start after a stop.
            runner.stop();
            runner.updateUserClass(Map.of("user_class_name", "Writer", "fixed_count", 0, "weight", 1));
            runner.updateUserClass(Map.of("user_class_name", "Reader", "weight", 1));
            runner.start(6, 100, null);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(runner.classCounts())
                            .containsExactly(Map.entry("Reader", 3), Map.entry("Writer", 3)));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(target.arrived("GET /")).isPositive();
                assertThat(target.arrived("POST /created")).isPositive();
            });
            assertThatThrownBy(() -> runner.updateUserClass(Map.of("user_class_name", "Ghost", "weight", 2)))
                    .hasMessage("unknown user class 'Ghost' (this task file defines [Reader, Writer])");
            runner.quit();
        }
    }

    @Test
    void aClassHostIsForUsersStartedAfterwardsUntilASpawnNamesAHost() throws Exception {
        try (TargetServer first = new TargetServer();
                TargetServer second = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TWO_CLASSES, client, first.url(), Duration.ofSeconds(1), "worker");
            runner.spawnExact(Map.of("Reader", 1), null);
            runner.updateUserClass(Map.of("user_class_name", "Reader", "host", second.url()));
            // The running user keeps its host, as a Locust user keeps its client's base URL.
            long firstBefore = first.arrived("GET /");
            await().atMost(Duration.ofSeconds(5)).until(() -> first.arrived("GET /") > firstBefore + 5);
            assertThat(second.arrived("GET /")).isZero();

            // A spawn without a host (a master without one) keeps the class's host for new users.
            runner.spawnExact(Map.of("Reader", 2), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> second.arrived("GET /") > 5);

            // A spawn with a host sets every class's host to it, as Locust's worker does.
            runner.spawnExact(Map.of("Reader", 1), null);
            runner.spawnExact(Map.of("Reader", 2), first.url());
            Thread.sleep(300);
            long secondAfter = second.arrived("GET /");
            long firstAfter = first.arrived("GET /");
            await().atMost(Duration.ofSeconds(5)).until(() -> first.arrived("GET /") > firstAfter + 10);
            assertThat(second.arrived("GET /")).isEqualTo(secondAfter);
            runner.quit();
        }
    }

    @Test
    void runningUsersPickOnlyTheNamedTasksFromTheirNextTaskOn() throws Exception {
        TaskFile twoTasks = new TaskFile(List.of(new UserClassSpec(
                "WebsiteUser",
                1,
                PACED,
                List.of(
                        new TaskSpec("first", 1, "GET", "/first", null, null, null),
                        new TaskSpec("second", 1, "GET", "/second", null, null, null)))));
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(twoTasks, client, target.url(), Duration.ofSeconds(1), "local");
            runner.start(2, 100, null);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> target.arrived("GET /first") > 0 && target.arrived("GET /second") > 0);
            runner.updateUserClass(Map.of("user_class_name", "WebsiteUser", "tasks", List.of("second")));
            // A request picked before the update may still be under way.
            Thread.sleep(200);
            long first = target.arrived("GET /first");
            long second = target.arrived("GET /second");
            await().atMost(Duration.ofSeconds(5)).until(() -> target.arrived("GET /second") > second + 20);
            assertThat(target.arrived("GET /first")).isEqualTo(first);

            // A user started afterwards binds the class's tasks as they are now.
            runner.start(3, 100, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> runner.userCount() == 3);
            Thread.sleep(300);
            assertThat(target.arrived("GET /first")).isEqualTo(first);
            runner.quit();
        }
    }
}
