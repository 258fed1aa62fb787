package io.github.oteldemo.loader.stats;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The statistics of one (method, name) pair, or of all requests (the "Aggregated" total), with
 * the same fields as Locust's {@code StatsEntry} so it round-trips Locust's serialised form.
 *
 * <p>Besides Locust's rounded buckets it keeps an exact HdrHistogram (microseconds) while every
 * request it holds was measured by a Java peer; merging an entry without a histogram (a Python
 * peer) drops it, and percentiles fall back to the buckets, computed as Locust computes them.
 *
 * <p>Not thread-safe: {@link RequestStats} guards the entries it owns. Copies handed out by
 * {@link RequestStats} belong to the caller.
 */
public final class StatsEntry {

    /** Percentiles Locust reports, as fractions. */
    public static final List<Double> PERCENTILES_TO_REPORT =
            List.of(0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0);

    /** Name of the total entry, as in Locust. */
    public static final String AGGREGATED = "Aggregated";

    /** Locust's CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW, in seconds. */
    static final int CURRENT_WINDOW_SECONDS = 10;

    private static final int HISTOGRAM_DIGITS = 3;
    private static final long HISTOGRAM_MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final String method;
    private final String name;
    private double startTime;
    /** Epoch seconds, NaN for none (primitive: this is set on every request). */
    private double lastRequestTimestamp = Double.NaN;
    private long numRequests;
    private long numNoneRequests;
    private long numFailures;
    private double totalResponseTime;
    private double maxResponseTime;
    /** NaN for none. */
    private double minResponseTime = Double.NaN;
    private long totalContentLength;
    private final TreeMap<Long, Long> responseTimes = new TreeMap<>();
    private final Map<Long, Long> numReqsPerSec = new HashMap<>();
    private final Map<Long, Long> numFailPerSec = new HashMap<>();
    private Histogram histogram;
    /** Per-second copies of the buckets for the "current" (last 10 s) percentiles. */
    private final Deque<CachedBuckets> bucketCache = new ArrayDeque<>();

    private record CachedBuckets(long second, TreeMap<Long, Long> buckets, long numRequests) {
    }

    /**
     * Creates an empty entry that keeps an exact histogram.
     *
     * @param method    HTTP method (empty for the total entry)
     * @param name      request name (usually the path)
     * @param startTime epoch seconds when this entry started counting
     */
    public StatsEntry(String method, String name, double startTime) {
        this.method = Objects.requireNonNullElse(method, "");
        this.name = Objects.requireNonNull(name, "name");
        this.startTime = startTime;
        this.histogram = newHistogram();
    }

    /**
     * A fixed range (1 µs to 1 h, 3 digits, about 190 KB) rather than auto-resizing: peers check
     * that a histogram they receive fits the range of a fresh entry's before merging it.
     */
    private static Histogram newHistogram() {
        return new Histogram(1, HISTOGRAM_MAX_MICROS, HISTOGRAM_DIGITS);
    }

    /**
     * Starts building an entry from serialised fields (Locust's {@code StatsEntry.unserialize}).
     *
     * @param method HTTP method
     * @param name   request name
     * @return a builder whose unset fields are those of an empty entry without histogram
     */
    public static Builder builder(String method, String name) {
        return new Builder(method, name);
    }

    /**
     * Records one request (Locust's {@code log}).
     *
     * @param responseTimeMillis response time in milliseconds
     * @param contentLength      body length in bytes
     * @param now                epoch seconds when the request completed
     */
    public void log(double responseTimeMillis, long contentLength, double now) {
        long second = (long) now;
        if (!Double.isNaN(lastRequestTimestamp) && second > (long) lastRequestTimestamp) {
            cacheBuckets(second - 1);
        }
        numRequests++;
        numReqsPerSec.merge(second, 1L, Long::sum);
        lastRequestTimestamp = now;
        totalResponseTime += responseTimeMillis;
        minResponseTime = Double.isNaN(minResponseTime) ? responseTimeMillis : Math.min(minResponseTime, responseTimeMillis);
        maxResponseTime = Math.max(maxResponseTime, responseTimeMillis);
        responseTimes.merge(ResponseTimeBuckets.round(responseTimeMillis), 1L, Long::sum);
        if (histogram != null) {
            long micros = Math.max(1, Math.min(HISTOGRAM_MAX_MICROS, Math.round(responseTimeMillis * 1000)));
            histogram.recordValue(micros);
        }
        totalContentLength += contentLength;
    }

    /**
     * Records one failure (Locust's {@code log_error}); the request itself is logged separately.
     *
     * @param now epoch seconds of the failure
     */
    public void logError(double now) {
        numFailures++;
        numFailPerSec.merge((long) now, 1L, Long::sum);
    }

    /**
     * Adds another entry's counts to this one (Locust's {@code extend}), as the master does with
     * each worker report.
     *
     * @param other an entry of the same (method, name), left unchanged
     */
    public void extend(StatsEntry other) {
        double previousLast = lastRequestTimestamp;
        if (!Double.isNaN(other.lastRequestTimestamp)) {
            lastRequestTimestamp = Double.isNaN(lastRequestTimestamp)
                    ? other.lastRequestTimestamp
                    : Math.max(lastRequestTimestamp, other.lastRequestTimestamp);
        }
        startTime = Math.min(startTime, other.startTime);
        numRequests += other.numRequests;
        numNoneRequests += other.numNoneRequests;
        numFailures += other.numFailures;
        totalResponseTime += other.totalResponseTime;
        maxResponseTime = Math.max(maxResponseTime, other.maxResponseTime);
        if (!Double.isNaN(other.minResponseTime)) {
            minResponseTime = Double.isNaN(minResponseTime) ? other.minResponseTime : Math.min(minResponseTime, other.minResponseTime);
        }
        totalContentLength += other.totalContentLength;
        other.responseTimes.forEach((k, v) -> responseTimes.merge(k, v, Long::sum));
        other.numReqsPerSec.forEach((k, v) -> numReqsPerSec.merge(k, v, Long::sum));
        other.numFailPerSec.forEach((k, v) -> numFailPerSec.merge(k, v, Long::sum));
        if (histogram != null && other.histogram != null) {
            histogram.add(other.histogram);
        } else if (other.numRequests > other.numNoneRequests) {
            // Requests without an exact record: only the buckets describe them all now.
            histogram = null;
        }
        if (!Double.isNaN(lastRequestTimestamp)
                && (Double.isNaN(previousLast) || (long) lastRequestTimestamp > (long) previousLast)) {
            cacheBuckets((long) lastRequestTimestamp);
        }
    }

    /**
     * Clears all counts (Locust's {@code reset}); the exact histogram is kept again from now on.
     *
     * @param now epoch seconds that become the new start time
     */
    public void reset(double now) {
        startTime = now;
        lastRequestTimestamp = Double.NaN;
        numRequests = 0;
        numNoneRequests = 0;
        numFailures = 0;
        totalResponseTime = 0;
        maxResponseTime = 0;
        minResponseTime = Double.NaN;
        totalContentLength = 0;
        responseTimes.clear();
        numReqsPerSec.clear();
        numFailPerSec.clear();
        bucketCache.clear();
        histogram = newHistogram();
    }

    /**
     * @return a deep copy of this entry
     */
    public StatsEntry copy() {
        StatsEntry copy = new StatsEntry(method, name, startTime);
        copy.histogram = histogram == null ? null : histogram.copy();
        copy.lastRequestTimestamp = lastRequestTimestamp;
        copy.numRequests = numRequests;
        copy.numNoneRequests = numNoneRequests;
        copy.numFailures = numFailures;
        copy.totalResponseTime = totalResponseTime;
        copy.maxResponseTime = maxResponseTime;
        copy.minResponseTime = minResponseTime;
        copy.totalContentLength = totalContentLength;
        copy.responseTimes.putAll(responseTimes);
        copy.numReqsPerSec.putAll(numReqsPerSec);
        copy.numFailPerSec.putAll(numFailPerSec);
        bucketCache.forEach(c -> copy.bucketCache.add(new CachedBuckets(c.second, new TreeMap<>(c.buckets), c.numRequests)));
        return copy;
    }

    private void cacheBuckets(long second) {
        bucketCache.addLast(new CachedBuckets(second, new TreeMap<>(responseTimes), numRequests));
        while (bucketCache.size() > CURRENT_WINDOW_SECONDS + 10) {
            bucketCache.removeFirst();
        }
    }

    /** @return the HTTP method, empty for the total entry */
    public String method() {
        return method;
    }

    /** @return the request name */
    public String name() {
        return name;
    }

    /** @return epoch seconds when counting started */
    public double startTime() {
        return startTime;
    }

    /** @return epoch seconds of the last request, or null when there was none */
    public Double lastRequestTimestamp() {
        return Double.isNaN(lastRequestTimestamp) ? null : lastRequestTimestamp;
    }

    /** @return number of requests, failed ones included */
    public long numRequests() {
        return numRequests;
    }

    /** @return number of requests logged without a response time */
    public long numNoneRequests() {
        return numNoneRequests;
    }

    /** @return number of failed requests */
    public long numFailures() {
        return numFailures;
    }

    /** @return sum of the response times in ms */
    public double totalResponseTime() {
        return totalResponseTime;
    }

    /** @return the slowest response time in ms, 0 when none */
    public double maxResponseTime() {
        return maxResponseTime;
    }

    /** @return the fastest response time in ms, or null when none */
    public Double minResponseTime() {
        return Double.isNaN(minResponseTime) ? null : minResponseTime;
    }

    /** @return the sum of body lengths in bytes */
    public long totalContentLength() {
        return totalContentLength;
    }

    /** @return Locust's rounded buckets (ms to count), ascending; a read-only view */
    public NavigableMap<Long, Long> responseTimes() {
        return Collections.unmodifiableNavigableMap(responseTimes);
    }

    /** @return epoch second to request count; a read-only view */
    public Map<Long, Long> numReqsPerSec() {
        return Collections.unmodifiableMap(numReqsPerSec);
    }

    /** @return epoch second to failure count; a read-only view */
    public Map<Long, Long> numFailPerSec() {
        return Collections.unmodifiableMap(numFailPerSec);
    }

    /** @return the exact histogram in microseconds (live, do not modify), or null when some requests came without one */
    public Histogram histogram() {
        return histogram;
    }

    /** @return failures divided by requests, as Locust computes {@code fail_ratio} */
    public double failRatio() {
        if (numRequests == 0) {
            return numFailures > 0 ? 1.0 : 0.0;
        }
        return (double) numFailures / numRequests;
    }

    /** @return mean response time in ms, 0 when none */
    public double avgResponseTime() {
        long timed = numRequests - numNoneRequests;
        return timed == 0 ? 0.0 : totalResponseTime / timed;
    }

    /** @return mean body length in bytes */
    public double avgContentLength() {
        return numRequests == 0 ? 0.0 : (double) totalContentLength / numRequests;
    }

    /**
     * Median response time: exact when the histogram is kept, else Locust's bucket median
     * clamped to [min, max] as Locust does.
     *
     * @return the median in ms (whole ms, as Locust reports it)
     */
    public long medianResponseTime() {
        if (responseTimes.isEmpty()) {
            return 0;
        }
        long median = histogram != null
                ? percentile(0.5)
                : ResponseTimeBuckets.median(numRequests - numNoneRequests, responseTimes);
        if (median > maxResponseTime) {
            return (long) maxResponseTime;
        }
        if (!Double.isNaN(minResponseTime) && median < minResponseTime) {
            return (long) Math.floor(minResponseTime);
        }
        return median;
    }

    /**
     * Response time at a percentile over the whole run.
     *
     * @param percent a fraction in [0, 1]
     * @return ms, rounded to the nearest whole ms when exact; 0 when there were no requests
     */
    public long percentile(double percent) {
        if (histogram != null) {
            if (histogram.getTotalCount() == 0) {
                return 0;
            }
            return Math.round(histogram.getValueAtPercentile(percent * 100) / 1000.0);
        }
        return ResponseTimeBuckets.percentile(responseTimes, numRequests, percent);
    }

    /**
     * Response time at a percentile over roughly the last 10 seconds, from per-second copies
     * of the buckets as Locust's {@code get_current_response_time_percentile} does.
     *
     * @param percent a fraction in [0, 1]
     * @param now     epoch seconds
     * @return ms, or null when the window has no cached start point yet
     */
    public Long currentPercentile(double percent, double now) {
        long target = (long) now - CURRENT_WINDOW_SECONDS;
        CachedBuckets best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Iterator<CachedBuckets> it = bucketCache.iterator(); it.hasNext(); ) {
            CachedBuckets cached = it.next();
            long distance = Math.abs(cached.second - target);
            if (distance <= 8 && distance < bestDistance) {
                best = cached;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return null;
        }
        TreeMap<Long, Long> diff = new TreeMap<>();
        for (Map.Entry<Long, Long> bucket : responseTimes.entrySet()) {
            long delta = bucket.getValue() - best.buckets.getOrDefault(bucket.getKey(), 0L);
            if (delta != 0) {
                diff.put(bucket.getKey(), delta);
            }
        }
        return ResponseTimeBuckets.percentile(diff, numRequests - best.numRequests, percent);
    }

    /**
     * Locust's {@code current_rps}: mean requests per second over the window that ends two
     * seconds before the run's last request (the last seconds are still filling up).
     *
     * @param runLastRequest the total entry's last request timestamp, or null
     * @param runStart       the total entry's start time
     * @return requests per second
     */
    public double currentRps(Double runLastRequest, double runStart) {
        return windowAverage(numReqsPerSec, runLastRequest, runStart);
    }

    /**
     * Locust's {@code current_fail_per_sec}, over the same window as {@link #currentRps}.
     *
     * @param runLastRequest the total entry's last request timestamp, or null
     * @param runStart       the total entry's start time
     * @return failures per second
     */
    public double currentFailPerSec(Double runLastRequest, double runStart) {
        return windowAverage(numFailPerSec, runLastRequest, runStart);
    }

    private static double windowAverage(Map<Long, Long> perSecond, Double runLastRequest, double runStart) {
        if (runLastRequest == null) {
            return 0;
        }
        long last = runLastRequest.longValue();
        long from = Math.max(last - 12, (long) runStart);
        long seconds = 0;
        long sum = 0;
        for (long t = from; t < last - 2; t++) {
            sum += perSecond.getOrDefault(t, 0L);
            seconds++;
        }
        return (double) sum / Math.max(seconds, 1);
    }

    /**
     * Locust's {@code total_rps}: requests over the whole run.
     *
     * @param runLastRequest the total entry's last request timestamp, or null
     * @param runStart       the total entry's start time
     * @return requests per second
     */
    public double totalRps(Double runLastRequest, double runStart) {
        return totalRate(numRequests, runLastRequest, runStart);
    }

    /**
     * Locust's {@code total_fail_per_sec}.
     *
     * @param runLastRequest the total entry's last request timestamp, or null
     * @param runStart       the total entry's start time
     * @return failures per second
     */
    public double totalFailPerSec(Double runLastRequest, double runStart) {
        return totalRate(numFailures, runLastRequest, runStart);
    }

    private static double totalRate(long count, Double runLastRequest, double runStart) {
        if (runLastRequest == null || runStart == 0 || runLastRequest <= runStart) {
            return 0.0;
        }
        return count / (runLastRequest - runStart);
    }

    @Override
    public String toString() {
        return method + " " + name + ": " + numRequests + " requests, " + numFailures + " failures";
    }

    /** Fills an entry from serialised fields; what is not set stays as in an empty entry. */
    public static final class Builder {
        private final StatsEntry entry;

        private Builder(String method, String name) {
            entry = new StatsEntry(method, name, 0);
            entry.histogram = null;
        }

        /** @param value Locust's {@code start_time} @return this */
        public Builder startTime(double value) {
            entry.startTime = value;
            return this;
        }

        /** @param value Locust's {@code last_request_timestamp}, null for none @return this */
        public Builder lastRequestTimestamp(Double value) {
            entry.lastRequestTimestamp = value == null ? Double.NaN : value;
            return this;
        }

        /** @param value Locust's {@code num_requests} @return this */
        public Builder numRequests(long value) {
            entry.numRequests = value;
            return this;
        }

        /** @param value Locust's {@code num_none_requests} @return this */
        public Builder numNoneRequests(long value) {
            entry.numNoneRequests = value;
            return this;
        }

        /** @param value Locust's {@code num_failures} @return this */
        public Builder numFailures(long value) {
            entry.numFailures = value;
            return this;
        }

        /** @param value Locust's {@code total_response_time} (ms) @return this */
        public Builder totalResponseTime(double value) {
            entry.totalResponseTime = value;
            return this;
        }

        /** @param value Locust's {@code max_response_time} (ms) @return this */
        public Builder maxResponseTime(double value) {
            entry.maxResponseTime = value;
            return this;
        }

        /** @param value Locust's {@code min_response_time} (ms), null for none @return this */
        public Builder minResponseTime(Double value) {
            entry.minResponseTime = value == null ? Double.NaN : value;
            return this;
        }

        /** @param value Locust's {@code total_content_length} @return this */
        public Builder totalContentLength(long value) {
            entry.totalContentLength = value;
            return this;
        }

        /** @param value Locust's {@code response_times} (rounded ms to count) @return this */
        public Builder responseTimes(Map<Long, Long> value) {
            entry.responseTimes.clear();
            entry.responseTimes.putAll(value);
            return this;
        }

        /** @param value Locust's {@code num_reqs_per_sec} @return this */
        public Builder numReqsPerSec(Map<Long, Long> value) {
            entry.numReqsPerSec.clear();
            entry.numReqsPerSec.putAll(value);
            return this;
        }

        /** @param value Locust's {@code num_fail_per_sec} @return this */
        public Builder numFailPerSec(Map<Long, Long> value) {
            entry.numFailPerSec.clear();
            entry.numFailPerSec.putAll(value);
            return this;
        }

        /** @param value the exact histogram (microseconds) a Java peer sent, or null @return this */
        public Builder histogram(Histogram value) {
            entry.histogram = value;
            return this;
        }

        /** @return the entry; the builder must not be used afterwards */
        public StatsEntry build() {
            return entry;
        }
    }
}
