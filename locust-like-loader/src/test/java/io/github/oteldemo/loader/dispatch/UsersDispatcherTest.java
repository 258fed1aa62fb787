package io.github.oteldemo.loader.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.loader.dispatch.UsersDispatcher.UserClass;
import io.github.oteldemo.testing.peers.Peers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every step of our dispatcher next to every step of Locust 2.47's own {@code UsersDispatcher}, run in its Python. */
class UsersDispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the scenario on both and compares every step of every dispatch cycle. */
    private static void sameAsLocust(
            Path dir, List<Map<String, Object>> classes, List<String> workers, List<List<Object>> ops)
            throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("classes", classes);
        spec.put("workers", workers);
        spec.put("ops", ops);
        Path script = dir.resolve("locust_dispatch.py");
        try (InputStream in = UsersDispatcherTest.class.getResourceAsStream("locust_dispatch.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path python = Peers.require("locust").toRealPath().getParent().resolve("python");
        Process process = new ProcessBuilder(python.toString(), script.toString(), JSON.writeValueAsString(spec))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode theirs = JSON.readTree(output);

        UsersDispatcher ours = new UsersDispatcher(
                workers,
                classes.stream()
                        .map(c -> new UserClass(
                                (String) c.get("name"), (Integer) c.get("weight"), (Integer) c.get("fixed")))
                        .toList());
        List<List<Map<String, Map<String, Integer>>>> cycles = new ArrayList<>();
        for (List<Object> op : ops) {
            switch ((String) op.get(0)) {
                case "dispatch" -> {
                    ours.newDispatch((Integer) op.get(1), ((Number) op.get(2)).doubleValue());
                    List<Map<String, Map<String, Integer>>> steps = new ArrayList<>();
                    for (Map<String, Map<String, Integer>> step = ours.next(); step != null; step = ours.next()) {
                        steps.add(step);
                    }
                    cycles.add(steps);
                }
                case "add" -> ours.addWorker((String) op.get(1));
                default -> ours.removeWorker((String) op.get(1));
            }
        }
        JsonNode ourSteps = JSON.valueToTree(cycles);
        assertThat(ourSteps).isEqualTo(theirs);
    }

    private static Map<String, Object> userClass(String name, int weight, int fixed) {
        return Map.of("name", name, "weight", weight, "fixed", fixed);
    }

    @Test
    void weightedClassesRampUpDownAndRebalanceAsLocust(@TempDir Path dir) throws Exception {
        sameAsLocust(
                dir,
                List.of(userClass("A", 5, 0), userClass("B", 1, 0), userClass("C", 2, 0)),
                List.of("h1_a", "h2_a", "h1_b"),
                List.of(
                        List.of("dispatch", 10, 3),
                        List.of("dispatch", 4, 2.5),
                        List.of("add", "h3_c"),
                        List.of("dispatch", 4, 1),
                        List.of("dispatch", 25, 7),
                        List.of("remove", "h1_a"),
                        List.of("dispatch", 25, 7),
                        List.of("dispatch", 0, 100)));
    }

    @Test
    void fixedCountClassesComeFirstAndStayAtTheirCount(@TempDir Path dir) throws Exception {
        sameAsLocust(
                dir,
                List.of(userClass("Web", 3, 0), userClass("Admin", 1, 2), userClass("Api", 1, 0)),
                List.of("w_2", "w_1"),
                List.of(List.of("dispatch", 9, 4), List.of("dispatch", 1, 4), List.of("dispatch", 6, 1)));
    }

    @Test
    void onlyFixedClassesStopAtTheirSum(@TempDir Path dir) throws Exception {
        sameAsLocust(
                dir,
                List.of(userClass("A", 1, 2), userClass("B", 1, 1)),
                List.of("x_1"),
                List.of(List.of("dispatch", 10, 2)));
    }

    @Test
    void refusesWhatLocustRefuses() {
        UsersDispatcher dispatcher = new UsersDispatcher(List.of("w"), List.of(new UserClass("A", 1, 0)));
        assertThatThrownBy(() -> dispatcher.newDispatch(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dispatcher.newDispatch(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsersDispatcher(List.of("w"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workersAreSortedSoThatConsecutiveUsersLandOnDifferentHosts() {
        assertThat(UsersDispatcher.sortWorkers(List.of("b_2", "a_1", "a_2", "b_1")))
                .containsExactly("a_1", "b_1", "a_2", "b_2");
    }
}
