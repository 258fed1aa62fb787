package io.github.oteldemo.flaskapp.statsd;

import java.util.regex.Pattern;

/**
 * Dropwizard gauges that hold a total since the JVM started (collections and collection time
 * of each garbage collector, classes ever loaded and unloaded). A gauge's type cannot say so,
 * yet Prometheus needs them as counters: a rate over a gauge is wrong across a restart.
 */
final class CumulativeGauges {

    private static final Pattern NAMES =
            Pattern.compile("jvm\\.gc\\.[^.]+\\.(count|time)|jvm\\.classloader\\.(loaded|unloaded)");

    private CumulativeGauges() {}

    static boolean contains(String name) {
        return NAMES.matcher(name).matches();
    }
}
