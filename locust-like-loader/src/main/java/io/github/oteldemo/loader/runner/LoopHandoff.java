package io.github.oteldemo.loader.runner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for work handed to the users' event loops. Stopping kills users on their own loops; a
 * runner waits for that before it returns, so the spans of requests cut off have ended before a
 * quit that follows shuts the SDK down.
 */
final class LoopHandoff {

    private static final Logger LOG = LoggerFactory.getLogger(LoopHandoff.class);

    private LoopHandoff() {}

    /**
     * @param handedOff what the loops were given
     * @param atMost    how long to wait for all of it together
     */
    static void awaitAll(List<? extends Future<?>> handedOff, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Future<?> task : handedOff) {
            try {
                task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("An event loop did not finish what it was handed in time", e);
            }
        }
    }
}
