package io.github.oteldemo.flaskapp.statsd;

import java.util.regex.Pattern;

/**
 * Dropwizard's JVM memory gauges pass on the JVM's -1 for a size it does not define (an area
 * without a maximum or an initial size: {@link java.lang.management.MemoryUsage}). Sent, it would
 * read as a size; left out, the series is absent, as OpenTelemetry's {@code jvm.memory.limit} is.
 */
final class UndefinedGauges {

    private static final Pattern MEMORY_SIZES = Pattern.compile("jvm\\.memory\\..+\\.(max|init)");

    private UndefinedGauges() {}

    static boolean contains(String name, double value) {
        return value < 0 && MEMORY_SIZES.matcher(name).matches();
    }
}
