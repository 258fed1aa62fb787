package io.github.oteldemo.loader.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads option defaults from the environment like Locust: {@code --spawn-rate} from
 * {@code LOCUST_SPAWN_RATE}, and so on for every long option, except where Locust names the
 * variable differently ({@code LOCUST_MODE_MASTER}, {@code LOCUST_MODE_WORKER},
 * {@code LOCUST_MASTER_NODE_HOST}, {@code LOCUST_MASTER_NODE_PORT}, {@code LOCUST_ENABLE_OPENTELEMETRY}). The original manifests'
 * names are understood too: {@code TARGET_HOST} for {@code --host}, {@code LOCUST_MASTER} for
 * {@code --master-host}, {@code LOCUST_MASTER_PORT} for {@code --master-port}. The first variable
 * set wins; a flag on the command line wins over all.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    private static final Map<String, List<String>> NAMES = Map.of(
            "--host", List.of("LOCUST_HOST", "TARGET_HOST"),
            "--master", List.of("LOCUST_MODE_MASTER"),
            "--worker", List.of("LOCUST_MODE_WORKER"),
            "--master-host", List.of("LOCUST_MASTER_NODE_HOST", "LOCUST_MASTER"),
            "--master-port", List.of("LOCUST_MASTER_NODE_PORT", "LOCUST_MASTER_PORT"),
            "--otel", List.of("LOCUST_ENABLE_OPENTELEMETRY", "LOCUST_OTEL"));

    private final Map<String, String> environment;

    /** @param environment the process environment (a map, so tests can pass their own) */
    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param longOption e.g. {@code --spawn-rate}
     * @return e.g. {@code LOCUST_SPAWN_RATE}
     */
    public static String variableFor(String longOption) {
        return "LOCUST_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        for (String name : NAMES.getOrDefault(option.longestName(), List.of(variableFor(option.longestName())))) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
