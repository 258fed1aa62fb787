package io.github.oteldemo.loader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserClassEditTest {

    private static final TaskSpec FIRST = new TaskSpec("first", 2, "GET", "/first", null, null, null);
    private static final TaskSpec SECOND = new TaskSpec("second", 1, "GET", "/second", null, null, null);
    private static final UserClassSpec ORIGINAL =
            new UserClassSpec("WebsiteUser", 1, WaitTimeSpec.NONE, List.of(FIRST, SECOND));

    @Test
    void readsWhatLocustsEditorPosts() {
        // The editor's form has a field for every attribute of User.json(), the host's empty when the class has none.
        UserClassEdit edit = UserClassEdit.parse(Map.of(
                "user_class_name",
                "WebsiteUser",
                "host",
                "",
                "weight",
                3,
                "fixed_count",
                0,
                "tasks",
                List.of("second")));
        assertThat(edit).isEqualTo(new UserClassEdit("WebsiteUser", "", 3, 0, List.of("second")));
        assertThat(edit.applyTo(ORIGINAL, ORIGINAL))
                .isEqualTo(new UserClassSpec("WebsiteUser", 3, WaitTimeSpec.NONE, List.of(SECOND), 0));
    }

    @Test
    void tasksComeBackFromTheOriginalClassAndUnnamedSettingsStay() {
        UserClassSpec onlySecond = UserClassEdit.parse(
                        Map.of("user_class_name", "WebsiteUser", "weight", 4L, "tasks", List.of("second")))
                .applyTo(ORIGINAL, ORIGINAL);
        UserClassSpec bothAgain = UserClassEdit.parse(
                        Map.of("user_class_name", "WebsiteUser", "tasks", List.of("first", "second", "third")))
                .applyTo(ORIGINAL, onlySecond);
        assertThat(bothAgain).isEqualTo(new UserClassSpec("WebsiteUser", 4, WaitTimeSpec.NONE, List.of(FIRST, SECOND)));
        Map<String, Object> nullHost = new HashMap<>(Map.of("user_class_name", "WebsiteUser"));
        nullHost.put("host", null);
        assertThat(UserClassEdit.parse(nullHost).host()).isEmpty();
        assertThat(UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "network_timeout", 5)))
                .isEqualTo(new UserClassEdit("WebsiteUser", null, null, null, null));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("weight", 2)))
                .hasMessage("user_class_name is missing or not a text value");
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "weight", "many")))
                .hasMessage("weight must be a whole number of at least 1, got 'many'");
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "weight", 0)))
                .hasMessage("weight must be a whole number of at least 1, got 0");
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "fixed_count", 1.5)))
                .hasMessage("fixed_count must be a whole number of at least 0, got 1.5");
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "tasks", "first")))
                .hasMessage("tasks must be a list of task names, got 'first'");
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "tasks", List.of())))
                .hasMessage("tasks must name at least one task");
        assertThatThrownBy(() -> UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "host", "ftp://x")))
                .hasMessage("malformed host 'ftp://x': it must start with http:// or https://");
        UserClassEdit unknownTasks =
                UserClassEdit.parse(Map.of("user_class_name", "WebsiteUser", "tasks", List.of("third")));
        assertThatThrownBy(() -> unknownTasks.applyTo(ORIGINAL, ORIGINAL))
                .hasMessage("none of the tasks [third] is a task of WebsiteUser (its tasks: [first, second])");
    }
}
