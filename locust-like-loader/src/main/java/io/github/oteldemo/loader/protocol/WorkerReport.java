package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload of a worker's {@value Message#STATS} message: what its users recorded since the
 * previous report, and the users it runs now.
 *
 * @param entries          per (method, name) deltas
 * @param total            the aggregated delta ({@code stats_total})
 * @param errors           error groups of the delta
 * @param userClassesCount users running per class
 * @param userCount        users running
 */
public record WorkerReport(
        List<StatsEntry> entries,
        StatsEntry total,
        List<StatsError> errors,
        Map<String, Integer> userClassesCount,
        int userCount) {

    /**
     * @param entries          per (method, name) deltas
     * @param total            the aggregated delta
     * @param errors           error groups
     * @param userClassesCount users per class
     * @param userCount        users running
     */
    public WorkerReport {
        entries = List.copyOf(entries);
        errors = List.copyOf(errors);
        userClassesCount = Map.copyOf(userClassesCount);
    }

    /**
     * Builds a report from a delta taken with {@link RequestStats#takeDelta()}.
     *
     * @param delta            the stats since the previous report
     * @param userClassesCount users per class
     * @return the report
     */
    public static WorkerReport of(RequestStats delta, Map<String, Integer> userClassesCount) {
        int users = UserCounts.total(userClassesCount);
        List<StatsEntry> entries = delta.entries().stream()
                .filter(e -> e.numRequests() > 0 || e.numFailures() > 0)
                .toList();
        return new WorkerReport(entries, delta.total(), delta.errors(), userClassesCount, users);
    }

    /** @return the report's stats as one {@link RequestStats}, ready to merge into the master's */
    public RequestStats toRequestStats() {
        RequestStats stats = new RequestStats();
        entries.forEach(stats::mergeEntry);
        stats.mergeTotal(total);
        errors.forEach(stats::mergeError);
        return stats;
    }

    /** @return the data of the stats message */
    public Wire toWire() {
        Map<String, StatsErrorData> errorsByKey = new LinkedHashMap<>();
        errors.forEach(e -> errorsByKey.put(e.key(), StatsErrorData.of(e)));
        return new Wire(
                entries.stream().map(StatsEntryData::of).toList(),
                StatsEntryData.of(total),
                errorsByKey,
                userClassesCount,
                userCount);
    }

    /**
     * @param wire a stats message's data
     * @return the report; {@code user_classes_count} and {@code user_count} may be absent, as
     *         Locust only adds them through an event listener
     */
    public static WorkerReport fromWire(Wire wire) {
        Map<String, Integer> classes = wire.userClassesCount() == null ? Map.of() : wire.userClassesCount();
        return new WorkerReport(
                wire.stats().stream().map(StatsEntryData::toEntry).toList(),
                wire.statsTotal().toEntry(),
                wire.errors().values().stream().map(StatsErrorData::toError).toList(),
                classes,
                wire.userCount() == null ? UserCounts.total(classes) : wire.userCount());
    }

    /**
     * The data of a stats message, as Locust's master reads it.
     *
     * @param stats            per (method, name) entries
     * @param statsTotal       the aggregated entry
     * @param errors           error groups by Locust's {@code StatsError.create_key}
     * @param userClassesCount users running per class, or null
     * @param userCount        users running, or null
     */
    public record Wire(
            @Required List<StatsEntryData> stats,
            @Required StatsEntryData statsTotal,
            @Required Map<String, StatsErrorData> errors,
            @JsonSetter(contentNulls = Nulls.FAIL) Map<String, Integer> userClassesCount,
            Integer userCount) {

        /**
         * @param stats            entries
         * @param statsTotal       the aggregated entry
         * @param errors           error groups
         * @param userClassesCount users per class, or null
         * @param userCount        users, or null
         * @throws IllegalArgumentException when a user count is negative
         */
        public Wire {
            userClassesCount = userClassesCount == null ? null : UserCounts.checked(userClassesCount);
        }
    }
}
