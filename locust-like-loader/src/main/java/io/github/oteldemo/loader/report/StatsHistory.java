package io.github.oteldemo.loader.report;

import io.github.oteldemo.loader.stats.StatsSnapshot;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Locust's {@code stats.history}: every {@value #INTERVAL_SECONDS} s of a running test, the
 * users and the Aggregated row's current rates and percentiles, for the report's charts.
 * Thread-safe; the oldest points go once {@value #MAX_POINTS} are kept (about 14 h).
 */
public final class StatsHistory {

    /** Locust's HISTORY_STATS_INTERVAL_SEC. */
    public static final int INTERVAL_SECONDS = 5;

    private static final int MAX_POINTS = 10_000;

    /**
     * One sample.
     *
     * @param epochSeconds   when it was taken
     * @param userCount      users running
     * @param currentRps     requests per second, recently
     * @param currentFailPerSec failures per second, recently
     * @param p50            median response time of the last 10 s (ms), or null
     * @param p95            95th percentile of the last 10 s (ms), or null
     */
    public record Point(
            long epochSeconds, int userCount, double currentRps, double currentFailPerSec, Long p50, Long p95) {}

    private final Deque<Point> points = new ArrayDeque<>();

    /**
     * @param stats     the run's statistics now
     * @param userCount users running now
     */
    public synchronized void sample(StatsSnapshot stats, int userCount) {
        points.addLast(new Point(
                (long) stats.takenAt(),
                userCount,
                stats.currentRps(stats.total()),
                stats.currentFailPerSec(stats.total()),
                stats.currentPercentile(stats.total(), 0.5),
                stats.currentPercentile(stats.total(), 0.95)));
        if (points.size() > MAX_POINTS) {
            points.removeFirst();
        }
    }

    /** @return the samples, oldest first */
    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** Forgets every sample (a new test, or a stats reset). */
    public synchronized void clear() {
        points.clear();
    }
}
