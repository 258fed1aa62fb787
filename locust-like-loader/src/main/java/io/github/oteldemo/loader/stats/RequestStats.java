package io.github.oteldemo.loader.stats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All statistics of a run: one {@link StatsEntry} per (method, name), the aggregated total and
 * the errors grouped by (method, name, error text), like Locust's {@code RequestStats}.
 *
 * <p>Thread-safe. User threads record concurrently; readers get copies. One lock guards
 * everything so that a worker's {@link #takeDelta()} moves every request exactly once, never
 * splitting one between the entry and the total.
 */
public final class RequestStats {

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<RequestKey, StatsEntry> entries = new HashMap<>();
    private Map<String, StatsError> errors = new LinkedHashMap<>();
    private StatsEntry total;

    /** Identifies an entry; also the sort order of reports (by name, then method, as Locust). */
    private record RequestKey(String name, String method) {}

    /** Creates empty statistics on the system clock. */
    public RequestStats() {
        this(Clock.systemUTC());
    }

    /**
     * Creates empty statistics.
     *
     * @param clock where "now" comes from (epoch seconds are derived from it)
     */
    public RequestStats(Clock clock) {
        this.clock = clock;
        this.total = new StatsEntry("", StatsEntry.AGGREGATED, now());
    }

    private double now() {
        return clock.millis() / 1000.0;
    }

    /**
     * Records a completed request; a non-null {@code error} also counts it as a failure, as
     * Locust logs both the request and the error for a failed request.
     *
     * @param method             HTTP method
     * @param name               request name
     * @param responseTimeMillis response time in ms (for a failure: until it failed)
     * @param contentLength      body length in bytes
     * @param error              Locust-style error text, or null on success
     */
    public void record(String method, String name, double responseTimeMillis, long contentLength, String error) {
        double now = now();
        synchronized (lock) {
            StatsEntry entry =
                    entries.computeIfAbsent(new RequestKey(name, method), k -> new StatsEntry(method, name, now));
            total.log(responseTimeMillis, contentLength, now);
            entry.log(responseTimeMillis, contentLength, now);
            if (error != null) {
                total.logError(now);
                entry.logError(now);
                errors.merge(
                        StatsError.key(method, name, error),
                        StatsError.occurred(method, name, error, now),
                        StatsError::plus);
            }
        }
    }

    /**
     * Adds another peer's entry to the entry of the same (method, name), creating it if needed.
     *
     * @param entry an entry; it is copied, not kept
     */
    public void mergeEntry(StatsEntry entry) {
        synchronized (lock) {
            entries.computeIfAbsent(
                            new RequestKey(entry.name(), entry.method()),
                            k -> new StatsEntry(entry.method(), entry.name(), entry.startTime()))
                    .extend(entry);
        }
    }

    /**
     * Adds another peer's total to this total (Locust merges {@code stats_total} separately).
     *
     * @param entry the peer's aggregated entry
     */
    public void mergeTotal(StatsEntry entry) {
        synchronized (lock) {
            total.extend(entry);
        }
    }

    /**
     * Adds another peer's error occurrences.
     *
     * @param error an error group
     */
    public void mergeError(StatsError error) {
        synchronized (lock) {
            errors.merge(error.key(), error, StatsError::plus);
        }
    }

    /**
     * Adds everything of {@code other} (entries, total, errors) to this.
     *
     * @param other statistics to add; left unchanged
     */
    public void merge(RequestStats other) {
        List<StatsEntry> otherEntries = other.entries();
        StatsEntry otherTotal = other.total();
        List<StatsError> otherErrors = other.errors();
        synchronized (lock) {
            otherEntries.forEach(this::mergeEntry);
            total.extend(otherTotal);
            otherErrors.forEach(this::mergeError);
        }
    }

    /**
     * Moves what was recorded since the last call into a new {@code RequestStats} and resets
     * this one, like a Locust worker's report ({@code get_stripped_report} + clearing errors).
     * Entries without requests or failures are left out of the delta.
     *
     * @return the delta
     */
    public RequestStats takeDelta() {
        RequestStats delta = new RequestStats(clock);
        double now = now();
        synchronized (lock) {
            for (Map.Entry<RequestKey, StatsEntry> e : entries.entrySet()) {
                StatsEntry entry = e.getValue();
                if (entry.numRequests() > 0 || entry.numFailures() > 0) {
                    delta.entries.put(e.getKey(), entry.copy());
                    entry.reset(now);
                }
            }
            delta.total = total.copy();
            total.reset(now);
            delta.errors = errors;
            errors = new LinkedHashMap<>();
        }
        return delta;
    }

    /** Clears every count and error, keeping the entries' names (Locust's {@code reset_all}). */
    public void reset() {
        double now = now();
        synchronized (lock) {
            total.reset(now);
            entries.values().forEach(e -> e.reset(now));
            errors = new LinkedHashMap<>();
        }
    }

    /** @return copies of the entries, sorted by name then method as Locust's reports */
    public List<StatsEntry> entries() {
        List<StatsEntry> copies = new ArrayList<>();
        synchronized (lock) {
            entries.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(
                            Comparator.comparing(RequestKey::name).thenComparing(RequestKey::method)))
                    .forEach(e -> copies.add(e.getValue().copy()));
        }
        return copies;
    }

    /** @return a copy of the aggregated entry */
    public StatsEntry total() {
        synchronized (lock) {
            return total.copy();
        }
    }

    /** @return the error groups, in the order they first occurred */
    public List<StatsError> errors() {
        synchronized (lock) {
            return new ArrayList<>(errors.values());
        }
    }

    /**
     * A consistent view of entries, total and errors taken under one lock, for the reports.
     *
     * @return a snapshot that the caller owns
     */
    public StatsSnapshot snapshot() {
        double now = now();
        synchronized (lock) {
            return new StatsSnapshot(now, entries(), total.copy(), errors());
        }
    }
}
