package io.github.oteldemo.loader.stats;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The response times of an entry: Locust's rounded buckets (what a Python peer sends and
 * expects) and, while every request was measured by this loader, an exact HdrHistogram in
 * microseconds. Percentiles are exact while the histogram is there and computed from the buckets
 * exactly as Locust does once a peer's requests without one are merged in.
 */
public final class LatencyDistribution {

    private static final int HISTOGRAM_DIGITS = 3;
    private static final long HISTOGRAM_MAX_MICROS = TimeUnit.HOURS.toMicros(1);
    /** The range every entry's histogram has; a peer's histogram must fit it to be merged. */
    private static final Histogram REFERENCE = newHistogram();

    private final TreeMap<Long, Long> buckets = new TreeMap<>();
    private Histogram histogram;

    /** An empty distribution that keeps an exact histogram. */
    LatencyDistribution() {
        this.histogram = newHistogram();
    }

    private LatencyDistribution(Map<Long, Long> buckets, Histogram histogram) {
        this.buckets.putAll(buckets);
        this.histogram = histogram;
    }

    /**
     * A peer's distribution.
     *
     * @param buckets   Locust's {@code response_times}
     * @param histogram the exact histogram, or null (a Python peer, or one that did not fit)
     * @return the distribution
     */
    static LatencyDistribution of(Map<Long, Long> buckets, Histogram histogram) {
        return new LatencyDistribution(buckets, histogram);
    }

    /**
     * A fixed range (1 µs to 1 h, 3 digits, about 190 KB) rather than auto-resizing: peers check
     * that a histogram they receive fits the range of a fresh entry's before merging it.
     */
    private static Histogram newHistogram() {
        return new Histogram(1, HISTOGRAM_MAX_MICROS, HISTOGRAM_DIGITS);
    }

    /**
     * @param candidate a histogram a peer sent
     * @return whether it fits every entry's range, so merging it cannot fail half-way
     */
    public static boolean fits(Histogram candidate) {
        return candidate.getTotalCount() == 0
                || (candidate.getMinNonZeroValue() >= REFERENCE.getLowestDiscernibleValue()
                        && candidate.getMaxValue() <= REFERENCE.getHighestTrackableValue());
    }

    void record(double responseTimeMillis) {
        buckets.merge(ResponseTimeBuckets.round(responseTimeMillis), 1L, Long::sum);
        if (histogram != null) {
            histogram.recordValue(Math.max(1, Math.min(HISTOGRAM_MAX_MICROS, Math.round(responseTimeMillis * 1000))));
        }
    }

    /**
     * Adds another distribution; the histogram goes when the other brings timed requests without one.
     *
     * @param other         the other distribution
     * @param otherHasTimed whether the other counts requests with a response time
     */
    void merge(LatencyDistribution other, boolean otherHasTimed) {
        other.buckets.forEach((k, v) -> buckets.merge(k, v, Long::sum));
        if (histogram != null && other.histogram != null) {
            histogram.add(other.histogram);
        } else if (otherHasTimed) {
            histogram = null;
        }
    }

    void reset() {
        buckets.clear();
        histogram = newHistogram();
    }

    LatencyDistribution copy() {
        return new LatencyDistribution(buckets, histogram == null ? null : histogram.copy());
    }

    /** @return the rounded buckets (ms to count), ascending; a read-only view */
    public NavigableMap<Long, Long> buckets() {
        return Collections.unmodifiableNavigableMap(buckets);
    }

    /** @return the exact histogram in microseconds (live, do not modify), or null */
    public Histogram histogram() {
        return histogram;
    }

    boolean isEmpty() {
        return buckets.isEmpty();
    }

    /**
     * @param percent     a fraction in [0, 1]
     * @param numRequests Locust's {@code num_requests} of the entry
     * @return ms, rounded to the nearest whole ms when exact; 0 without requests
     */
    long percentile(double percent, long numRequests) {
        if (histogram != null) {
            return histogram.getTotalCount() == 0
                    ? 0
                    : Math.round(histogram.getValueAtPercentile(percent * 100) / 1000.0);
        }
        return ResponseTimeBuckets.percentile(buckets, numRequests, percent);
    }

    /** @return the median in ms, exact or Locust's bucket median (the caller clamps it to min and max) */
    long median(long timedRequests) {
        return histogram != null ? percentile(0.5, timedRequests) : ResponseTimeBuckets.median(timedRequests, buckets);
    }
}
