package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.PythonLocustfile;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.dispatch.UsersDispatcher;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a master needs to run, validated by the caller's configuration layer.
 *
 * @param bindHost          interface for worker connections ({@code *} for all)
 * @param bindPort          port for worker connections (Locust's 5557; 0 for a random one)
 * @param userClassWeights  user class name to weight; workers must know these class names
 * @param fixedCounts       user class name to Locust's {@code fixed_count} (absent or 0: by weight)
 * @param host              default target base URL sent to workers, or null
 * @param stopTimeout       seconds users may finish their task when stopped, or null
 * @param heartbeatLiveness silence after which a worker is marked missing (Locust: 3 heartbeats)
 * @param forgetMissing     how long a missing worker is listed before it is forgotten (Locust: 60 s)
 * @param rebalancing       Locust's {@code --enable-rebalancing}: missing and returning workers respread the users
 * @param parsedOptions     the options sent with every spawn, named as Locust's {@code parsed_options}
 * @param locustfile        what a Python worker started with {@code -f -} gets, or null to answer with an error
 * @param userClasses       the task file's user classes, which {@code /tasks} reports as edits leave them;
 *                          empty when only weights were given
 */
public record MasterSettings(
        String bindHost,
        int bindPort,
        Map<String, Integer> userClassWeights,
        Map<String, Integer> fixedCounts,
        String host,
        Double stopTimeout,
        Duration heartbeatLiveness,
        Duration forgetMissing,
        boolean rebalancing,
        Map<String, Object> parsedOptions,
        PythonLocustfile locustfile,
        List<UserClassSpec> userClasses) {

    /** Locust's default master port. */
    public static final int DEFAULT_PORT = 5557;
    /** Locust's HEARTBEAT_LIVENESS (3) times HEARTBEAT_INTERVAL (1 s). */
    public static final Duration DEFAULT_HEARTBEAT_LIVENESS = Duration.ofSeconds(3);
    /** Locust's HEARTBEAT_DEAD_INTERNAL: missing workers are dropped after 60 s. */
    public static final Duration DEFAULT_FORGET_MISSING = Duration.ofSeconds(60);

    /** Checks the values and copies the maps. */
    public MasterSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        userClassWeights = Collections.unmodifiableMap(new LinkedHashMap<>(userClassWeights));
        fixedCounts = Map.copyOf(fixedCounts);
        userClasses = List.copyOf(userClasses);
        parsedOptions =
                parsedOptions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parsedOptions));
        if (bindPort < 0 || bindPort > 65_535) {
            throw new IllegalArgumentException("master bind port " + bindPort + " is not in 0..65535");
        }
        if (heartbeatLiveness.isNegative() || heartbeatLiveness.isZero()) {
            throw new IllegalArgumentException("heartbeat liveness must be positive");
        }
    }

    /**
     * Locust's defaults for everything but the address and the user classes.
     *
     * @param bindHost         interface for worker connections
     * @param bindPort         port for worker connections
     * @param userClassWeights user class name to weight
     * @param host             default target, or null
     * @return the settings
     */
    public static MasterSettings of(String bindHost, int bindPort, Map<String, Integer> userClassWeights, String host) {
        return new MasterSettings(
                bindHost,
                bindPort,
                userClassWeights,
                Map.of(),
                host,
                null,
                DEFAULT_HEARTBEAT_LIVENESS,
                DEFAULT_FORGET_MISSING,
                false,
                Map.of(),
                null,
                List.of());
    }

    /**
     * @param classes the task file's user classes
     * @return a copy with these classes, their weights and fixed counts
     */
    public MasterSettings withUserClasses(List<UserClassSpec> classes) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        Map<String, Integer> fixed = new LinkedHashMap<>();
        classes.forEach(c -> {
            weights.put(c.name(), c.weight());
            fixed.put(c.name(), c.fixedCount());
        });
        return new MasterSettings(
                bindHost,
                bindPort,
                weights,
                fixed,
                host,
                stopTimeout,
                heartbeatLiveness,
                forgetMissing,
                rebalancing,
                parsedOptions,
                locustfile,
                classes);
    }

    /**
     * @param liveness silence before a worker is missing
     * @param forget   how long a missing worker is kept
     * @return a copy with these heartbeat timings
     */
    public MasterSettings withHeartbeat(Duration liveness, Duration forget) {
        return new MasterSettings(
                bindHost,
                bindPort,
                userClassWeights,
                fixedCounts,
                host,
                stopTimeout,
                liveness,
                forget,
                rebalancing,
                parsedOptions,
                locustfile,
                userClasses);
    }

    /**
     * @param enabled whether missing and returning workers respread the users
     * @return a copy with this setting
     */
    public MasterSettings withRebalancing(boolean enabled) {
        return new MasterSettings(
                bindHost,
                bindPort,
                userClassWeights,
                fixedCounts,
                host,
                stopTimeout,
                heartbeatLiveness,
                forgetMissing,
                enabled,
                parsedOptions,
                locustfile,
                userClasses);
    }

    /**
     * @param seconds seconds users may finish their task when stopped, or null
     * @return a copy with this stop timeout
     */
    public MasterSettings withStopTimeout(Double seconds) {
        return new MasterSettings(
                bindHost,
                bindPort,
                userClassWeights,
                fixedCounts,
                host,
                seconds,
                heartbeatLiveness,
                forgetMissing,
                rebalancing,
                parsedOptions,
                locustfile,
                userClasses);
    }

    /**
     * @param options the options to send with every spawn, by Locust's names ({@code host}, {@code num_users}, ...)
     * @return a copy with these options
     */
    public MasterSettings withParsedOptions(Map<String, Object> options) {
        return new MasterSettings(
                bindHost,
                bindPort,
                userClassWeights,
                fixedCounts,
                host,
                stopTimeout,
                heartbeatLiveness,
                forgetMissing,
                rebalancing,
                options,
                locustfile,
                userClasses);
    }

    /**
     * @param offered the locustfile Python workers started with {@code -f -} get
     * @return a copy offering it
     */
    public MasterSettings withLocustfile(PythonLocustfile offered) {
        return new MasterSettings(
                bindHost,
                bindPort,
                userClassWeights,
                fixedCounts,
                host,
                stopTimeout,
                heartbeatLiveness,
                forgetMissing,
                rebalancing,
                parsedOptions,
                offered,
                userClasses);
    }

    /** @return the stop timeout as a duration (none: zero) */
    Duration stopTimeoutDuration() {
        return stopTimeout == null ? Duration.ZERO : Duration.ofMillis((long) (stopTimeout * 1000));
    }

    /** @return the user classes as the dispatcher takes them */
    List<UsersDispatcher.UserClass> dispatchedClasses() {
        return userClassWeights.entrySet().stream()
                .map(e -> new UsersDispatcher.UserClass(
                        e.getKey(), e.getValue(), fixedCounts.getOrDefault(e.getKey(), 0)))
                .toList();
    }
}
