package io.github.oteldemo.loader.stats;

import java.util.List;
import java.util.Map;

/**
 * A consistent copy of a run's statistics, plus the derived figures the reports show
 * (rates use the total's window, as Locust's entries refer to their {@code RequestStats}).
 *
 * @param takenAt epoch seconds when it was taken
 * @param entries per (method, name), sorted by name then method
 * @param total   the aggregated entry
 * @param errors  error groups
 */
public record StatsSnapshot(double takenAt, List<StatsEntry> entries, StatsEntry total, List<StatsError> errors) {

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code current_rps} of that entry
     */
    public double currentRps(StatsEntry entry) {
        return windowAverage(entry.numReqsPerSec());
    }

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code current_fail_per_sec} of that entry
     */
    public double currentFailPerSec(StatsEntry entry) {
        return windowAverage(entry.numFailPerSec());
    }

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code total_rps} of that entry
     */
    public double totalRps(StatsEntry entry) {
        return totalRate(entry.numRequests());
    }

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code total_fail_per_sec} of that entry
     */
    public double totalFailPerSec(StatsEntry entry) {
        return totalRate(entry.numFailures());
    }

    /**
     * Locust's {@code current_rps}: the mean per second over the window that ends two seconds
     * before the run's last request (the last seconds are still filling up), at most 10 s long.
     */
    private double windowAverage(Map<Long, Long> perSecond) {
        Double runLast = total.lastRequestTimestamp();
        if (runLast == null) {
            return 0;
        }
        long last = runLast.longValue();
        long from = Math.max(last - 12, (long) total.startTime());
        long seconds = 0;
        long sum = 0;
        for (long t = from; t < last - 2; t++) {
            sum += perSecond.getOrDefault(t, 0L);
            seconds++;
        }
        return (double) sum / Math.max(seconds, 1);
    }

    /** Locust's {@code total_rps}: a count over the run, from its start to its last request. */
    private double totalRate(long count) {
        Double runLast = total.lastRequestTimestamp();
        double runStart = total.startTime();
        if (runLast == null || runStart == 0 || runLast <= runStart) {
            return 0.0;
        }
        return count / (runLast - runStart);
    }

    /**
     * @param entry   one of this snapshot's entries or its total
     * @param percent fraction in [0, 1]
     * @return the percentile over the last ~10 s, or null when not known yet
     */
    public Long currentPercentile(StatsEntry entry, double percent) {
        return entry.currentPercentile(percent, takenAt);
    }
}
