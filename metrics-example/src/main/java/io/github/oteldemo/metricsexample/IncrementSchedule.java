package io.github.oteldemo.metricsexample;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds 1 to the custom metric every interval, starting at once, and logs a summary now and then.
 *
 * <p>Increments and summaries share one thread, so the per-summary tally needs no locking; only the
 * figures read from other threads (health check, shutdown) are volatile.
 */
final class IncrementSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementSchedule.class);

    private final CustomMetric metric;
    private final Duration interval;
    private final Duration summaryInterval;
    private final ScheduledExecutorService thread;
    private volatile long total;
    private volatile long lastIncrementNanos;
    private long sinceSummary;

    public IncrementSchedule(CustomMetric metric, Duration interval, Duration summaryInterval) {
        this.metric = metric;
        this.interval = interval;
        this.summaryInterval = summaryInterval;
        // Not a daemon: this thread is what keeps the program running.
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "increments"));
        this.lastIncrementNanos = System.nanoTime();
    }

    /**
     * Makes the first increment at once and the next ones every interval. A schedule already
     * stopped (SIGTERM during start-up) stays stopped.
     */
    public void start() {
        try {
            thread.scheduleAtFixedRate(this::increment, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            thread.scheduleAtFixedRate(
                    this::summarize, summaryInterval.toNanos(), summaryInterval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stoppedBeforeStart) {
            return;
        }
        LOG.info(
                "adding 1 to {} every {}, summary every {}",
                CustomMetric.NAME,
                readable(interval),
                readable(summaryInterval));
    }

    private void increment() {
        metric.increment();
        sinceSummary++;
        total++;
        lastIncrementNanos = System.nanoTime();
        LOG.debug("{} +1 (total {})", CustomMetric.NAME, total);
    }

    private void summarize() {
        LOG.info(
                "{} went up {} times in the last {} (total {})",
                CustomMetric.NAME,
                sinceSummary,
                readable(summaryInterval),
                total);
        sinceSummary = 0;
    }

    /** Increments made so far. */
    public long total() {
        return total;
    }

    /**
     * Whether increments still happen on time. Three missed intervals (plus a few seconds for a slow
     * start or a GC pause) mean the schedule is stuck and a restart would help.
     */
    public boolean isLive() {
        long allowed = interval.multipliedBy(3).plusSeconds(5).toNanos();
        return !thread.isShutdown() && System.nanoTime() - lastIncrementNanos <= allowed;
    }

    /** Stops incrementing; an increment in progress finishes first. */
    public void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
