package io.github.oteldemo.loader.master;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stopping or quitting master waits for: every worker's {@code client_stopped} (Locust
 * waits until no worker reports users), then the last stats of the workers that send them after
 * it (Python workers), or the deadline; on quit, every worker's final stats or a short grace.
 * Control thread only.
 */
final class StopBarrier {

    private static final Logger LOG = LoggerFactory.getLogger(StopBarrier.class);

    private final Set<String> awaitingStop = new HashSet<>();
    private final Set<String> awaitingLastStats = new HashSet<>();
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private final Set<String> awaitingFinalStats = new HashSet<>();
    private Instant deadline = Instant.MAX;
    private CompletableFuture<Void> finalStats;

    /** @return completes when the stop under way (or the next one) is done */
    CompletableFuture<Void> join() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        waiters.add(stopped);
        return stopped;
    }

    /** A stop begins: these workers were sent {@code stop}. */
    void stopping(Collection<String> workers, Instant until) {
        awaitingStop.clear();
        awaitingLastStats.clear();
        awaitingStop.addAll(workers);
        deadline = until;
    }

    /** A worker stopped; its last stats are still to come unless it sends them first. */
    void clientStopped(String id, boolean lastStatsFollow) {
        if (lastStatsFollow) {
            awaitingLastStats.add(id);
        }
    }

    /** A worker's stats arrived. */
    void statsArrived(String id) {
        awaitingLastStats.remove(id);
        if (awaitingFinalStats.remove(id) && awaitingFinalStats.isEmpty() && finalStats != null) {
            finalStats.complete(null);
        }
    }

    /**
     * @param active whether a worker still runs (a worker that left no longer holds the stop up)
     * @param now    the time
     * @return whether the stop is complete; the caller then records it and calls {@link #releaseAll()}
     */
    boolean settle(Predicate<String> active, Instant now) {
        awaitingStop.removeIf(active.negate());
        boolean timedOut = now.isAfter(deadline);
        if (!(awaitingStop.isEmpty() && awaitingLastStats.isEmpty()) && !timedOut) {
            return false;
        }
        if (timedOut && !awaitingStop.isEmpty()) {
            LOG.error("Timeout waiting for workers {} to stop", awaitingStop);
        }
        awaitingStop.clear();
        awaitingLastStats.clear();
        deadline = Instant.MAX;
        return true;
    }

    /** Releases everyone waiting for the stop (done, or nothing left to wait for). */
    void releaseAll() {
        waiters.forEach(w -> w.complete(null));
        waiters.clear();
    }

    /**
     * The master quits: wait for the final stats of these workers.
     *
     * @return completes when they all arrived (the caller bounds the wait)
     */
    CompletableFuture<Void> quitting(Collection<String> workers) {
        finalStats = new CompletableFuture<>();
        awaitingFinalStats.clear();
        awaitingFinalStats.addAll(workers);
        if (awaitingFinalStats.isEmpty()) {
            finalStats.complete(null);
        }
        return finalStats;
    }
}
