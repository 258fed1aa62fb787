package io.github.oteldemo.loader.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonLocustfileTest {

    @Test
    void theDefaultTaskFileBecomesOneFastHttpUser() {
        PythonLocustfile file = PythonLocustfile.of(TaskFile.DEFAULT, null);
        assertThat(file.filename()).isEqualTo("locustfile.py");
        assertThat(file.contents())
                .contains("class WebsiteUser(FastHttpUser):\n    weight = 1\n    wait_time = constant(0)\n")
                .contains("    @task(1)\n    def task_0(self):\n        self.client.request('GET', '/', name='/')\n");
    }
}
