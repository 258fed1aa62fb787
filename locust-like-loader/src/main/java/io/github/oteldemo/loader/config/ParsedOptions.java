package io.github.oteldemo.loader.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options a master sends with every spawn, named as Locust's {@code vars(parsed_options)}:
 * a Python worker copies the ones it does not know as its own options (custom arguments), a
 * Java worker keeps them for inspection.
 */
public final class ParsedOptions {

    private ParsedOptions() {}

    /**
     * @param options validated options
     * @return Locust's names to values (run time in whole seconds, as Locust parses it)
     */
    public static Map<String, Object> of(LoaderOptions options) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        parsed.put(
                "locustfile",
                options.locustfile() == null ? null : options.locustfile().toString());
        parsed.put("host", options.host());
        parsed.put("num_users", options.users());
        parsed.put("spawn_rate", options.spawnRate());
        parsed.put(
                "run_time", options.runTime() == null ? null : options.runTime().toSeconds());
        parsed.put("headless", options.headless());
        parsed.put("autostart", options.autostart());
        parsed.put("csv_prefix", options.csvPrefix());
        parsed.put("csv_full_history", options.csvFullHistory());
        parsed.put("reset_stats", options.resetStats());
        parsed.put("stop_timeout", options.stopTimeout().toMillis() / 1000.0);
        parsed.put("exit_code_on_error", options.exitCodeOnError());
        parsed.put("master", true);
        parsed.put("worker", false);
        parsed.put("master_bind_host", options.master().bindHost());
        parsed.put("master_bind_port", options.master().bindPort());
        parsed.put("expect_workers", options.master().expectWorkers());
        parsed.put(
                "expect_workers_max_wait",
                options.master().expectWorkersMaxWait().toSeconds());
        parsed.put("enable_rebalancing", options.master().enableRebalancing());
        parsed.put("web_host", options.web().host());
        parsed.put("web_port", options.web().port());
        return parsed;
    }
}
