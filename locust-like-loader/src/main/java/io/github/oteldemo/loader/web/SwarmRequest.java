package io.github.oteldemo.loader.web;

import io.github.oteldemo.loader.config.Timespan;
import io.github.oteldemo.loader.http.HttpTarget;
import java.time.Duration;
import java.util.Map;

/**
 * The form of Locust's {@code POST /swarm}, checked as Locust 2.47 checks it: a user count that
 * is not a whole number, a spawn rate that is not a number, a bad run time, or either count
 * missing is refused with Locust's own message; the host must be a URL this loader can reach.
 *
 * @param users     users to run
 * @param spawnRate users started per second
 * @param host      target base URL, or null to keep the current one
 * @param runTime   stop after this long, or null
 */
record SwarmRequest(int users, double spawnRate, String host, Duration runTime) {

    /** What Locust answers for a form it refuses. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * @param form        the decoded form fields
     * @param defaultHost the host when the form has none
     * @return the request
     * @throws Refused with Locust's message
     */
    static SwarmRequest parse(Map<String, String> form, String defaultHost) throws Refused {
        Integer users = null;
        Double spawnRate = null;
        if (form.containsKey("user_count")) {
            try {
                users = Integer.parseInt(form.get("user_count").strip());
            } catch (NumberFormatException e) {
                throw new Refused(
                        "Invalid user_count value: " + pythonRepr(form.get("user_count")) + " (must be an integer)");
            }
        }
        if (form.containsKey("spawn_rate")) {
            try {
                spawnRate = Double.parseDouble(form.get("spawn_rate").strip());
            } catch (NumberFormatException e) {
                throw new Refused(
                        "Invalid spawn_rate value: " + pythonRepr(form.get("spawn_rate")) + " (must be a number)");
            }
        }
        Duration runTime = null;
        String runTimeText = form.get("run_time");
        if (runTimeText != null && !runTimeText.isBlank()) {
            try {
                runTime = Timespan.parse(runTimeText);
            } catch (IllegalArgumentException e) {
                throw new Refused("Valid run_time formats are : 20, 20s, 3m, 2h, 1h20m, 3h30m10s, etc.");
            }
        }
        if (users == null || users < 0 || spawnRate == null || !(spawnRate > 0) || spawnRate.isInfinite()) {
            throw new Refused("Missing or invalid user_count or spawn_rate from /swarm request");
        }
        String host = form.containsKey("host")
                ? form.get("host").replace("<", "").replace(">", "").strip()
                : defaultHost;
        if (host != null) {
            try {
                HttpTarget.parse(host);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
        }
        return new SwarmRequest(users, spawnRate, host, runTime);
    }

    private static String pythonRepr(String value) {
        return io.github.oteldemo.loader.stats.PythonRepr.of(value);
    }
}
