package io.github.oteldemo.flaskapp.statsd;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.timgroup.statsd.StatsDClient;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;

/**
 * Writes a Dropwizard metric registry as StatsD lines. StatsD aggregates raw events, but the
 * registry only holds aggregates, so each kind is mapped to the StatsD type that keeps its
 * meaning in Prometheus once statsd-exporter has translated it:
 *
 * <ul>
 *   <li>the counts of meters, timers and histograms only grow: they go out as counter
 *       ({@code |c}) deltas since the last report, and become {@code _total} counters. So do
 *       the JVM gauges that are totals since start-up ({@link CumulativeGauges});</li>
 *   <li>Dropwizard counters go up and down (active requests, for instance), and other gauges
 *       are levels: both go out as gauges ({@code |g}) with their current value, since a
 *       negative StatsD counter increment is rejected by statsd-exporter. A negative level is
 *       set as StatsD sets one ({@code 0|g}, then {@code -N|g}); a size the JVM leaves
 *       undefined is not sent ({@link UndefinedGauges});</li>
 *   <li>a Jetty thread-pool utilization read below zero is sent as 0 ({@link ThreadPoolUtilization});</li>
 *   <li>the snapshot of a timer or histogram (p50, p75, p95, p99, p999, min, max, mean) and a
 *       meter's one-minute rate go out as gauges: the mapping file folds the quantiles into one
 *       series with a {@code quantile} label, as a Prometheus summary would.</li>
 * </ul>
 */
public final class StatsdReporter extends ScheduledReporter {

    /**
     * Characters that end a StatsD name or start its value or type, and those that statsd-exporter
     * reads by default as tags in a name, parsers the chart leaves on: {@code ,} (InfluxDB),
     * {@code #} (Librato), {@code [...]} (SignalFx).
     */
    private static final Pattern RESERVED = Pattern.compile("[:|@#,\\[\\]\\s]");

    private final StatsDClient statsd;
    /** Touched only by the reporter's single scheduler thread (and the final report on stop). */
    private final Map<String, Long> reportedCounts = new HashMap<>();

    StatsdReporter(
            MetricRegistry registry,
            StatsDClient statsd,
            MetricFilter filter,
            TimeUnit rateUnit,
            TimeUnit durationUnit) {
        super(registry, "statsd-reporter", filter, rateUnit, durationUnit);
        this.statsd = statsd;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public synchronized void report(
            SortedMap<String, Gauge> gauges,
            SortedMap<String, Counter> counters,
            SortedMap<String, Histogram> histograms,
            SortedMap<String, Meter> meters,
            SortedMap<String, Timer> timers) {
        gauges.forEach((name, gauge) -> {
            if (gauge.getValue() instanceof Number number) {
                if (CumulativeGauges.contains(name)) {
                    total(name, number.longValue());
                } else if (!UndefinedGauges.contains(name, number.doubleValue())) {
                    gauge(name, ThreadPoolUtilization.clamp(name, number.doubleValue()));
                }
            }
        });
        counters.forEach((name, counter) -> gauge(name, counter.getCount()));
        histograms.forEach((name, histogram) -> {
            countDelta(name, histogram);
            snapshot(name, histogram.getSnapshot(), value -> value);
        });
        meters.forEach((name, meter) -> {
            countDelta(name, meter);
            rate(name, meter);
        });
        timers.forEach((name, timer) -> {
            countDelta(name, timer);
            rate(name, timer);
            snapshot(name, timer.getSnapshot(), this::convertDuration);
        });
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            statsd.stop();
        }
    }

    private void countDelta(String name, Counting counting) {
        total(name + ".count", counting.getCount());
    }

    /**
     * Sends what a total gained since the last report. The first report sends it whole, even 0,
     * so that the series exists from the start.
     */
    private void total(String name, long total) {
        if (total < 0) {
            // The JVM's "cannot tell" (-1 from a GarbageCollectorMXBean): no count to add.
            return;
        }
        Long reported = reportedCounts.put(name, total);
        long delta = total - (reported == null ? 0 : reported);
        if (delta > 0 || reported == null) {
            statsd.count(statsdName(name), delta);
        }
    }

    private void rate(String name, Metered metered) {
        gauge(name + ".m1_rate", convertRate(metered.getOneMinuteRate()));
    }

    private void snapshot(String name, Snapshot snapshot, DoubleUnaryOperator unit) {
        gauge(name + ".p50", unit.applyAsDouble(snapshot.getMedian()));
        gauge(name + ".p75", unit.applyAsDouble(snapshot.get75thPercentile()));
        gauge(name + ".p95", unit.applyAsDouble(snapshot.get95thPercentile()));
        gauge(name + ".p99", unit.applyAsDouble(snapshot.get99thPercentile()));
        gauge(name + ".p999", unit.applyAsDouble(snapshot.get999thPercentile()));
        gauge(name + ".min", unit.applyAsDouble(snapshot.getMin()));
        gauge(name + ".max", unit.applyAsDouble(snapshot.getMax()));
        gauge(name + ".mean", unit.applyAsDouble(snapshot.getMean()));
    }

    private void gauge(String name, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        String statsdName = statsdName(name);
        if (value < 0) {
            // A signed StatsD gauge value is a change, not a level: "-1|g" would subtract 1 from
            // what statsd-exporter holds at every report. Zero first, then the change, sets it.
            statsd.gauge(statsdName, 0);
        }
        // -0.0 would go out as "-0", a change of nothing.
        statsd.gauge(statsdName, value + 0.0);
    }

    private static String statsdName(String name) {
        return RESERVED.matcher(name).replaceAll("_");
    }
}
