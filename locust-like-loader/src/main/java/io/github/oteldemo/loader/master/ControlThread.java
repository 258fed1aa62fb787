package io.github.oteldemo.loader.master;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a master's state: socket events, API calls, ramp steps and liveness
 * checks all run as tasks on it, so nothing needs a lock and every decision sees one consistent
 * view of the workers (what Locust gets from gevent's single thread).
 */
final class ControlThread {

    private static final Logger LOG = LoggerFactory.getLogger(ControlThread.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "locust-master");
        thread.setDaemon(true);
        return thread;
    });

    /** @return the executor, for scheduling ramp steps and checks */
    ScheduledExecutorService executor() {
        return executor;
    }

    boolean isShutdown() {
        return executor.isShutdown();
    }

    /**
     * Runs a task on the thread and waits for its result; its runtime exception is rethrown here.
     *
     * @throws IllegalStateException when the master has quit
     */
    <T> T call(Supplier<T> task) {
        if (executor.isShutdown()) {
            throw new IllegalStateException("the master has quit");
        }
        try {
            return executor.submit(task::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs a task on the thread and waits for it (see {@link #call}). */
    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Queues a task without waiting; after quit it is dropped (late messages have nowhere to go). */
    void execute(Runnable task) {
        if (!executor.isShutdown()) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.debug("dropped a task after quit");
            }
        }
    }

    /** Drops pending timers (they have nothing left to do) and waits briefly for the running task. */
    void shutdown() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
