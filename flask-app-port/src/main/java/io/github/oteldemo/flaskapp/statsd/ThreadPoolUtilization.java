package io.github.oteldemo.flaskapp.statsd;

import java.util.regex.Pattern;

/**
 * Dropwizard's Jetty thread-pool utilization gauges divide Jetty's utilized-thread count, which
 * Jetty computes from counters read one after another without a lock. A thread that changes
 * state between two reads makes the count -1 for that instant, and the pipeline test saw
 * utilizations of -0.33 arrive at the gateway. A utilization is a share of threads, so a value
 * below zero is sent as the 0 it stands for.
 */
final class ThreadPoolUtilization {

    private static final Pattern UTILIZATION =
            Pattern.compile("org\\.eclipse\\.jetty\\.util\\.thread\\.QueuedThreadPool\\..+\\.utilization(-max)?");

    private ThreadPoolUtilization() {}

    static double clamp(String name, double value) {
        return value < 0 && UTILIZATION.matcher(name).matches() ? 0 : value;
    }
}
