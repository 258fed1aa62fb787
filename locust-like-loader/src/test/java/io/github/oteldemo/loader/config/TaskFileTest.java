package io.github.oteldemo.loader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("tasks.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsUserClassesWithDefaults() throws IOException {
        TaskFile file = TaskFile.load(write("""
                users:
                  - name: Browser
                    weight: 3
                    wait_time: {type: between, min: 0.5, max: 1.5}
                    tasks:
                      - {path: /, weight: 2}
                      - {method: post, path: /api, name: api, body: '{}', headers: {Content-Type: application/json}, expect_status: [201]}
                  - name: Pacer
                    wait_time: {type: constant_throughput, task_runs_per_second: 2}
                    tasks: [{path: /health}]
                """));
        assertThat(file.users()).extracting(UserClassSpec::name).containsExactly("Browser", "Pacer");
        UserClassSpec browser = file.users().get(0);
        assertThat(browser.weight()).isEqualTo(3);
        assertThat(browser.tasks().get(0).name()).isEqualTo("/");
        assertThat(browser.tasks().get(0).method()).isEqualTo("GET");
        assertThat(browser.tasks().get(1).method()).isEqualTo("POST");
        assertThat(browser.tasks().get(1).isExpected(201)).isTrue();
        assertThat(browser.tasks().get(1).isExpected(200)).isFalse();
        assertThat(browser.waitTime().delayNanos(0)).isBetween(500_000_000L, 1_500_000_000L);
        assertThat(file.users().get(1).waitTime().delayNanos(200_000_000L)).isEqualTo(300_000_000L);
    }

    @Test
    void namesLineAndFieldOfAnUnknownField() throws IOException {
        Path file = write("""
                users:
                  - name: Browser
                    tasks:
                      - path: /
                        wieght: 2
                """);
        assertThatThrownBy(() -> TaskFile.load(file))
                .isInstanceOf(InvalidTaskFileException.class)
                .hasMessageContaining("line 5")
                .hasMessageContaining("users[0].tasks[0].wieght")
                .hasMessageContaining("unknown field 'wieght'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void namesLineAndFieldOfABadValue() throws IOException {
        Path file = write("""
                users:
                  - name: Browser
                    tasks:
                      - {path: /, weight: 0}
                """);
        assertThatThrownBy(() -> TaskFile.load(file))
                .isInstanceOf(InvalidTaskFileException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("users[0].tasks[0]")
                .hasMessageContaining("weight must be at least 1");
    }

    @Test
    void rejectsAWrongType() throws IOException {
        Path file = write("""
                users:
                  - name: Browser
                    tasks:
                      - {path: /, weight: many}
                """);
        assertThatThrownBy(() -> TaskFile.load(file))
                .hasMessageContaining("line 4")
                .hasMessageContaining("weight: expected a whole number, got 'many'")
                .hasMessageNotContaining("java.lang");
    }

    @Test
    void rejectsMissingRequiredFieldsAndBadWaitTimes() throws IOException {
        assertThatThrownBy(() -> TaskFile.load(write("users:\n  - name: A\n    tasks: [{name: x}]\n")))
                .hasMessageContaining("a required field is missing: path");
        assertThatThrownBy(
                        () -> TaskFile.load(
                                write(
                                        "users:\n  - name: A\n    wait_time: {type: between, min: 2, max: 1}\n    tasks: [{path: /}]\n")))
                .hasMessageContaining("max (1.0) is below min (2.0)")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> TaskFile.load(
                        write("users:\n  - name: A\n    wait_time: {type: sometimes}\n    tasks: [{path: /}]\n")))
                .hasMessageContaining("unknown wait_time type 'sometimes'");
        assertThatThrownBy(() -> TaskFile.load(
                        write("users:\n  - name: A\n    tasks: [{path: /}]\n  - name: A\n    tasks: [{path: /}]\n")))
                .hasMessageContaining("'A' is used twice");
        assertThatThrownBy(() -> TaskFile.load(write("users:\n  - name: A\n    tasks: [{path: no-slash}]\n")))
                .hasMessageContaining("path must start with '/'");
        assertThatThrownBy(() ->
                        TaskFile.load(write("users:\n  - name: A\n    fixed_count: -1\n    tasks: [{path: /}]\n")))
                .hasMessageContaining("field users[0]: fixed_count must be 0 or more, got -1");
    }

    @Test
    void readsFixedCount() throws IOException {
        TaskFile tasks = TaskFile.load(write("users:\n  - name: Admin\n    fixed_count: 2\n    tasks: [{path: /}]\n"));
        assertThat(tasks.users().get(0).fixedCount()).isEqualTo(2);
        assertThat(PythonLocustfile.of(tasks, null).contents()).contains("    fixed_count = 2\n");
    }

    @Test
    void rejectsMissingEmptyAndNonYamlFiles() throws IOException {
        assertThatThrownBy(() -> TaskFile.load(dir.resolve("absent.yaml"))).hasMessageEndingWith("no such file");
        assertThatThrownBy(() -> TaskFile.load(write(""))).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TaskFile.load(write("users: [\n  - {name: A\n")))
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("line");
    }
}
