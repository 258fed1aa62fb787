package io.github.oteldemo.metricsexample;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The program's own settings, read once from the environment and validated before anything starts.
 * OpenTelemetry's {@code OTEL_*} variables are left to the SDK's autoconfiguration.
 *
 * @param incrementInterval how often the counter goes up ({@code INCREMENT_INTERVAL})
 * @param environment the {@code environment} attribute on the counter ({@code APP_ENVIRONMENT})
 * @param healthHost the address {@code /healthz} listens on ({@code HEALTH_HOST})
 * @param healthPort the port {@code /healthz} listens on, 0 for any free one ({@code HEALTH_PORT})
 * @param summaryInterval how often an INFO summary is logged ({@code SUMMARY_INTERVAL})
 * @param logLevel the root log level ({@code LOG_LEVEL})
 */
record MetricsExampleSettings(
        Duration incrementInterval,
        String environment,
        String healthHost,
        int healthPort,
        Duration summaryInterval,
        String logLevel) {

    public static final String INCREMENT_INTERVAL = "INCREMENT_INTERVAL";
    public static final String APP_ENVIRONMENT = "APP_ENVIRONMENT";
    public static final String HEALTH_HOST = "HEALTH_HOST";
    public static final String HEALTH_PORT = "HEALTH_PORT";
    public static final String SUMMARY_INTERVAL = "SUMMARY_INTERVAL";
    public static final String LOG_LEVEL = "LOG_LEVEL";

    private static final String DURATION = "a positive duration such as 500ms, 5s or 1m";
    private static final Pattern DURATION_SYNTAX = Pattern.compile("(-?\\d+)(ms|s|m|h)");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /**
     * Reads the settings from environment variables; unset or blank ones take their defaults.
     *
     * @throws InvalidSettingException naming the first variable that cannot be used
     */
    public static MetricsExampleSettings fromEnvironment(Map<String, String> env) {
        return new MetricsExampleSettings(
                duration(INCREMENT_INTERVAL, value(env, INCREMENT_INTERVAL, "5s")),
                value(env, APP_ENVIRONMENT, "staging"),
                value(env, HEALTH_HOST, "0.0.0.0"),
                port(HEALTH_PORT, value(env, HEALTH_PORT, "8080")),
                duration(SUMMARY_INTERVAL, value(env, SUMMARY_INTERVAL, "1m")),
                logLevel(LOG_LEVEL, value(env, LOG_LEVEL, "INFO")));
    }

    private static String value(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /**
     * Durations are written the way the original deployment wrote them ({@code 5s}). Hand-parsed
     * because the SDK's parser reads a bare number as milliseconds and reports errors against its own
     * property names, not our variable.
     */
    static Duration duration(String variable, String value) {
        Matcher matcher = DURATION_SYNTAX.matcher(value);
        if (!matcher.matches()) {
            throw new InvalidSettingException(variable, value, DURATION);
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException tooLarge) {
            throw new InvalidSettingException(variable, value, DURATION);
        }
        if (amount <= 0) {
            throw new InvalidSettingException(variable, value, DURATION);
        }
        try {
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (ArithmeticException tooLarge) {
            throw new InvalidSettingException(variable, value, DURATION);
        }
    }

    static int port(String variable, String value) {
        String expected = "a port number from 0 (any free port) to 65535";
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(variable, value, expected);
        }
        if (port < 0 || port > 65535) {
            throw new InvalidSettingException(variable, value, expected);
        }
        return port;
    }

    static String logLevel(String variable, String value) {
        String level = value.toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new InvalidSettingException(variable, value, "one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
        return level;
    }
}
