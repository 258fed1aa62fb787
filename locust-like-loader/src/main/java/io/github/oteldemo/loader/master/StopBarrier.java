package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.runner.RunnerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final MasterSocket socket;
    private final WorkerTable workers;

    StopBarrier(MasterSocket socket, WorkerTable workers) {
        this.socket = socket;
        this.workers = workers;
    }

    /**
     * Sends {@code stop} to every active worker and waits for them until {@code until}.
     *
     * @return completes when the stop is done (see {@link #settle})
     */
    CompletableFuture<Void> stopWorkers(Instant until) {
        CompletableFuture<Void> stopped = join();
        List<String> stopping = new ArrayList<>();
        for (WorkerNode worker : workers.all()) {
            if (worker.active()) {
                stopping.add(worker.id);
                socket.send(new Message(Message.STOP, null, worker.id));
            }
        }
        stopping(stopping, until);
        return stopped;
    }

    /** @return whether the stop is complete: no listed worker still runs, the last stats are in, or it timed out */
    boolean settle(Instant now) {
        return settle(
                id -> {
                    WorkerNode worker = workers.get(id);
                    return worker != null && worker.active();
                },
                now);
    }

    /**
     * Sends {@code quit} to every worker ever seen, not only the registered ones: a worker
     * between client_stopped and its next client_ready would otherwise run on without a master.
     *
     * @return completes when the registered workers' final stats are in, or after {@code grace}
     */
    CompletableFuture<Void> quitWorkers(ScheduledExecutorService timers, Duration grace) {
        CompletableFuture<Void> done = quitting(workers.all().stream()
                .filter(w -> w.state != RunnerState.MISSING)
                .map(w -> w.id)
                .toList());
        workers.everSeen().forEach(id -> socket.send(new Message(Message.QUIT, null, id)));
        timers.schedule(() -> done.complete(null), grace.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    /** Waits for a stop or quit from an API thread; a timeout is logged, not thrown (Locust goes on too). */
    static void await(CompletableFuture<Void> done, Duration wait, String onTimeout) {
        try {
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error(onTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("waiting failed", e.getCause());
        }
    }

    /** @return completes when the stop under way is done (for a second caller of stop) */
    CompletableFuture<Void> join() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        waiters.add(stopped);
        return stopped;
    }

    /** A stop begins: these workers were sent {@code stop}. */
    private void stopping(Collection<String> stopping, Instant until) {
        awaitingStop.clear();
        awaitingLastStats.clear();
        awaitingStop.addAll(stopping);
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

    /** The caller records the completed stop first, then calls {@link #releaseAll()}. */
    private boolean settle(Predicate<String> active, Instant now) {
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
    private CompletableFuture<Void> quitting(Collection<String> quitting) {
        finalStats = new CompletableFuture<>();
        awaitingFinalStats.clear();
        awaitingFinalStats.addAll(quitting);
        if (awaitingFinalStats.isEmpty()) {
            finalStats.complete(null);
        }
        return finalStats;
    }
}
