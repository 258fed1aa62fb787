package io.github.oteldemo.loader.stats;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Locust's compact response-time distribution: response times (milliseconds) rounded to two
 * significant digits, mapped to how many requests fell in each bucket. This is the format a
 * Python Locust peer sends and expects, so its rounding and percentile rules are reproduced
 * exactly rather than delegated to a histogram library.
 */
public final class ResponseTimeBuckets {

    private ResponseTimeBuckets() {}

    /**
     * Rounds a response time the way Locust's {@code StatsEntry._log_response_time} does:
     * 1 ms resolution below 100 ms, 10 ms below 1 s, 100 ms below 10 s, else 1 s. Python's
     * {@code round} rounds half to even, hence {@link Math#rint}.
     *
     * @param responseTimeMillis a measured response time in milliseconds
     * @return the bucket key in milliseconds
     */
    public static long round(double responseTimeMillis) {
        if (responseTimeMillis < 100) {
            return (long) Math.rint(responseTimeMillis);
        } else if (responseTimeMillis < 1_000) {
            return (long) (Math.rint(responseTimeMillis / 10) * 10);
        } else if (responseTimeMillis < 10_000) {
            return (long) (Math.rint(responseTimeMillis / 100) * 100);
        }
        return (long) (Math.rint(responseTimeMillis / 1_000) * 1_000);
    }

    /**
     * Locust's {@code calculate_response_time_percentile}: walks the buckets from the slowest
     * down until no more than {@code percent} of the requests remain.
     *
     * @param buckets     bucket (ms) to count, sorted ascending
     * @param numRequests the number of requests the buckets describe
     * @param percent     a fraction in [0, 1]
     * @return the response time in ms at that percentile, 0 when there are no buckets
     */
    public static long percentile(NavigableMap<Long, Long> buckets, long numRequests, double percent) {
        long wanted = (long) (numRequests * percent);
        long processed = 0;
        for (Map.Entry<Long, Long> bucket : buckets.descendingMap().entrySet()) {
            processed += bucket.getValue();
            if (numRequests - processed <= wanted) {
                return bucket.getKey();
            }
        }
        return 0;
    }

    /**
     * Locust's {@code median_from_dict}.
     *
     * @param total   the number of requests with a response time
     * @param buckets bucket (ms) to count, sorted ascending
     * @return the median bucket, 0 when there are no buckets
     */
    public static long median(long total, NavigableMap<Long, Long> buckets) {
        double position = (total - 1) / 2.0;
        long last = 0;
        for (Map.Entry<Long, Long> bucket : buckets.entrySet()) {
            last = bucket.getKey();
            if (position < bucket.getValue()) {
                return last;
            }
            position -= bucket.getValue();
        }
        return last;
    }
}
