package io.github.oteldemo.loader.protocol;

import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsError;
import java.util.ArrayList;
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
        int users =
                userClassesCount.values().stream().mapToInt(Integer::intValue).sum();
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

    /** @return the msgpack-ready map Locust's master reads */
    public Map<String, Object> toWire() {
        List<Object> stats = new ArrayList<>(entries.size());
        entries.forEach(e -> stats.add(StatsCodec.toWire(e)));
        Map<String, Object> errorsByKey = new LinkedHashMap<>();
        errors.forEach(e -> errorsByKey.put(e.key(), StatsCodec.toWire(e)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stats", stats);
        data.put("stats_total", StatsCodec.toWire(total));
        data.put("errors", errorsByKey);
        data.put("user_classes_count", new LinkedHashMap<>(userClassesCount));
        data.put("user_count", userCount);
        return data;
    }

    /**
     * @param data a stats message's data
     * @return the report; {@code user_classes_count} and {@code user_count} may be absent, as
     *         Locust only adds them through an event listener
     * @throws ProtocolException when a field is missing or mistyped
     */
    public static WorkerReport fromWire(Object data) throws ProtocolException {
        WireFields fields = WireFields.of(data, "stats data");
        List<StatsEntry> entries = new ArrayList<>();
        for (Object entry : fields.list("stats")) {
            entries.add(StatsCodec.entryFromWire(entry));
        }
        StatsEntry total = StatsCodec.entryFromWire(fields.raw("stats_total"));
        List<StatsError> errors = new ArrayList<>();
        for (Object error : fields.fields("errors").values()) {
            errors.add(StatsCodec.errorFromWire(error));
        }
        Map<String, Integer> classes = fields.has("user_classes_count") && fields.raw("user_classes_count") != null
                ? fields.namedCounts("user_classes_count")
                : Map.of();
        int fallbackUsers =
                classes.values().stream().mapToInt(Integer::intValue).sum();
        return new WorkerReport(entries, total, errors, classes, (int)
                Math.min(Integer.MAX_VALUE, fields.integer("user_count", fallbackUsers)));
    }
}
