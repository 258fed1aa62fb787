package io.github.oteldemo.loader.stats;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Per-second copies of an entry's buckets, from which Locust's
 * {@code get_current_response_time_percentile} computes percentiles of roughly the last
 * {@value #SECONDS} seconds: the buckets now minus those of the copy nearest to 10 s ago.
 */
final class RecentWindow {

    /** Locust's CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW, in seconds. */
    static final int SECONDS = 10;
    /** Locust accepts a copy up to this many seconds off the window's start. */
    private static final int TOLERANCE = 8;

    private record Copy(long second, TreeMap<Long, Long> buckets, long numRequests) {}

    private final Deque<Copy> copies = new ArrayDeque<>();

    void keep(long second, NavigableMap<Long, Long> buckets, long numRequests) {
        copies.addLast(new Copy(second, new TreeMap<>(buckets), numRequests));
        while (copies.size() > SECONDS + 10) {
            copies.removeFirst();
        }
    }

    void clear() {
        copies.clear();
    }

    RecentWindow copy() {
        RecentWindow copy = new RecentWindow();
        copies.forEach(c -> copy.copies.add(new Copy(c.second, new TreeMap<>(c.buckets), c.numRequests)));
        return copy;
    }

    /**
     * @param percent     a fraction in [0, 1]
     * @param now         epoch seconds
     * @param buckets     the entry's buckets now
     * @param numRequests the entry's requests now
     * @return ms, or null when no copy is near enough to the window's start yet
     */
    Long percentile(double percent, double now, NavigableMap<Long, Long> buckets, long numRequests) {
        long target = (long) now - SECONDS;
        Copy best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Copy copy : copies) {
            long distance = Math.abs(copy.second - target);
            if (distance <= TOLERANCE && distance < bestDistance) {
                best = copy;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return null;
        }
        TreeMap<Long, Long> diff = new TreeMap<>();
        for (Map.Entry<Long, Long> bucket : buckets.entrySet()) {
            long delta = bucket.getValue() - best.buckets.getOrDefault(bucket.getKey(), 0L);
            if (delta != 0) {
                diff.put(bucket.getKey(), delta);
            }
        }
        return ResponseTimeBuckets.percentile(diff, numRequests - best.numRequests, percent);
    }
}
