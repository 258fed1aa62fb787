package io.github.oteldemo.loader.stats;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The statistics of one (method, name) pair, or of all requests (the "Aggregated" total), with
 * the same fields as Locust's {@code StatsEntry} so it round-trips Locust's serialised form.
 * The response times are a {@link LatencyDistribution}; the recent-window percentiles come from a
 * {@link RecentWindow}; rates over the run belong to the {@link StatsSnapshot}, as Locust computes
 * them from the run's start and last request.
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
    private final Map<Long, Long> numReqsPerSec = new HashMap<>();
    private final Map<Long, Long> numFailPerSec = new HashMap<>();
    private LatencyDistribution latency;
    private RecentWindow recent = new RecentWindow();

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
        this.latency = new LatencyDistribution();
    }

    /**
     * Locust's {@code StatsEntry.unserialize}.
     *
     * @param data a peer's entry
     * @return the entry
     */
    public static StatsEntry restore(StatsEntryDict data) {
        StatsEntry entry = new StatsEntry(data.method(), data.name(), data.startTime());
        entry.lastRequestTimestamp = data.lastRequestTimestamp() == null ? Double.NaN : data.lastRequestTimestamp();
        entry.numRequests = data.numRequests();
        entry.numNoneRequests = data.numNoneRequests();
        entry.numFailures = data.numFailures();
        entry.totalResponseTime = data.totalResponseTime();
        entry.maxResponseTime = data.maxResponseTime();
        entry.minResponseTime = data.minResponseTime() == null ? Double.NaN : data.minResponseTime();
        entry.totalContentLength = data.totalContentLength();
        entry.latency = LatencyDistribution.of(data.responseTimes(), data.histogram());
        entry.numReqsPerSec.putAll(data.numReqsPerSec());
        entry.numFailPerSec.putAll(data.numFailPerSec());
        return entry;
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
            recent.keep(second - 1, latency.buckets(), numRequests);
        }
        numRequests++;
        numReqsPerSec.merge(second, 1L, Long::sum);
        lastRequestTimestamp = now;
        totalResponseTime += responseTimeMillis;
        minResponseTime =
                Double.isNaN(minResponseTime) ? responseTimeMillis : Math.min(minResponseTime, responseTimeMillis);
        maxResponseTime = Math.max(maxResponseTime, responseTimeMillis);
        latency.record(responseTimeMillis);
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
            minResponseTime = Double.isNaN(minResponseTime)
                    ? other.minResponseTime
                    : Math.min(minResponseTime, other.minResponseTime);
        }
        totalContentLength += other.totalContentLength;
        latency.merge(other.latency, other.numRequests > other.numNoneRequests);
        other.numReqsPerSec.forEach((k, v) -> numReqsPerSec.merge(k, v, Long::sum));
        other.numFailPerSec.forEach((k, v) -> numFailPerSec.merge(k, v, Long::sum));
        if (!Double.isNaN(lastRequestTimestamp)
                && (Double.isNaN(previousLast) || (long) lastRequestTimestamp > (long) previousLast)) {
            recent.keep((long) lastRequestTimestamp, latency.buckets(), numRequests);
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
        numReqsPerSec.clear();
        numFailPerSec.clear();
        recent.clear();
        latency.reset();
    }

    /** @return a deep copy of this entry */
    public StatsEntry copy() {
        StatsEntry copy = restore(serialized());
        copy.latency = latency.copy();
        copy.recent = recent.copy();
        return copy;
    }

    /** @return Locust's serialised form of this entry (the maps are read-only views) */
    public StatsEntryDict serialized() {
        return new StatsEntryDict(
                method,
                name,
                lastRequestTimestamp(),
                startTime,
                numRequests,
                numNoneRequests,
                numFailures,
                totalResponseTime,
                maxResponseTime,
                minResponseTime(),
                totalContentLength,
                responseTimes(),
                numReqsPerSec(),
                numFailPerSec(),
                latency.histogram());
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
        return latency.buckets();
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
        return latency.histogram();
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
        if (latency.isEmpty()) {
            return 0;
        }
        long median = latency.median(numRequests - numNoneRequests);
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
        return latency.percentile(percent, numRequests);
    }

    /**
     * Response time at a percentile over roughly the last 10 seconds (Locust's
     * {@code get_current_response_time_percentile}).
     *
     * @param percent a fraction in [0, 1]
     * @param now     epoch seconds
     * @return ms, or null when the window has no start point yet
     */
    public Long currentPercentile(double percent, double now) {
        return recent.percentile(percent, now, latency.buckets(), numRequests);
    }

    @Override
    public String toString() {
        return method + " " + name + ": " + numRequests + " requests, " + numFailures + " failures";
    }
}
