package io.github.oteldemo.loader.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.oteldemo.loader.RunSession;
import io.github.oteldemo.loader.TargetServer;
import io.github.oteldemo.loader.config.EnvironmentDefaults;
import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The page at {@code /} in a real headless Chromium: start a run from the form, see the table fill, stop it. */
class WebUiBrowserTest {

    @Test
    void startsARunFromThePageAndShowsTheStats() throws Exception {
        assumeTrue(
                DevToolsPage.chromiumMissingReason().isEmpty(),
                () -> "skipped: " + DevToolsPage.chromiumMissingReason().get(0));
        LoaderOptions options = new LoaderOptions();
        new CommandLine(options)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of()))
                .parseArgs("--web-host", "127.0.0.1", "--web-port", "0");
        options.validate();
        try (TargetServer target = new TargetServer();
                LoadClient client = new LoadClient(1, Duration.ofSeconds(5))) {
            LocalRunner runner = new LocalRunner(TaskFile.DEFAULT, client, null, Duration.ZERO, "local");
            WebServer web = RunSession.webServer(options, runner);
            web.start();
            try (DevToolsPage page = DevToolsPage.open("http://127.0.0.1:" + web.port() + "/")) {
                page.awaitTrue(
                        "document.getElementById('status-state').textContent === 'ready'"
                                + " && !document.getElementById('start-panel').hidden",
                        Duration.ofSeconds(20));
                page.evaluate("document.getElementById('user_count').value = '2';"
                        + "document.getElementById('spawn_rate').value = '20';"
                        + "document.getElementById('host').value = '" + target.url() + "';"
                        + "document.getElementById('start-button').click(); true");

                page.awaitTrue(
                        "(() => { const rows = document.querySelectorAll('#stats-table tbody tr');"
                                + " return rows.length === 2 && rows[0].cells[1].textContent === '/'"
                                + " && Number(rows[1].cells[2].textContent) > 0"
                                + " && document.getElementById('status-users').textContent === '2'; })()",
                        Duration.ofSeconds(20));
                assertThat(runner.state()).isEqualTo(RunnerState.RUNNING);
                assertThat(page.evaluate("document.getElementById('start-panel').hidden")
                                .asBoolean())
                        .isTrue();

                page.evaluate("document.querySelector('[data-tab=charts]').click(); true");
                page.awaitTrue("chartData.rps.length > 0", Duration.ofSeconds(10));

                page.evaluate("document.getElementById('stop-button').click(); true");
                page.awaitTrue(
                        "document.getElementById('status-state').textContent === 'stopped'", Duration.ofSeconds(10));
                assertThat(runner.state()).isEqualTo(RunnerState.STOPPED);
                assertThat(target.arrived("GET /")).isPositive();
            } finally {
                web.stop();
                runner.quit();
            }
        }
    }
}
