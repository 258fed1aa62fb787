package io.github.oteldemo.loader.stats;

import java.util.List;

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
        return entry.currentRps(total.lastRequestTimestamp(), total.startTime());
    }

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code current_fail_per_sec} of that entry
     */
    public double currentFailPerSec(StatsEntry entry) {
        return entry.currentFailPerSec(total.lastRequestTimestamp(), total.startTime());
    }

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code total_rps} of that entry
     */
    public double totalRps(StatsEntry entry) {
        return entry.totalRps(total.lastRequestTimestamp(), total.startTime());
    }

    /**
     * @param entry one of this snapshot's entries or its total
     * @return Locust's {@code total_fail_per_sec} of that entry
     */
    public double totalFailPerSec(StatsEntry entry) {
        return entry.totalFailPerSec(total.lastRequestTimestamp(), total.startTime());
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
