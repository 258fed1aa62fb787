package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.http.ResponseListener;
import io.github.oteldemo.loader.http.UserConnection;
import io.github.oteldemo.loader.runner.UserTasks.Task;
import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.loader.telemetry.ClientResponse;
import io.github.oteldemo.loader.telemetry.InFlightSpan;
import io.github.oteldemo.loader.telemetry.RequestTracing;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One simulated user, Locust's closed model: pick a task, send it, record the outcome, wait,
 * repeat. It lives on its connection's event loop; the next request leaves from the callback
 * of the previous response (or from a timer when there is a wait time), so no thread blocks.
 */
final class VirtualUser implements ResponseListener {

    private final UserTasks tasks;
    private final UserConnection connection;
    private final RequestStats stats;
    private final ExceptionLog exceptions;
    private final InFlightSpan inFlight;
    private volatile boolean stopping;
    private Task current;
    private long startedAt;

    VirtualUser(
            UserTasks tasks,
            UserConnection connection,
            RequestStats stats,
            ExceptionLog exceptions,
            RequestTracing tracing) {
        this.tasks = tasks;
        this.connection = connection;
        this.stats = stats;
        this.exceptions = exceptions;
        this.inFlight = tracing == null ? null : new InFlightSpan(tracing);
    }

    String userClassName() {
        return tasks.userClass().name();
    }

    /** Starts the task loop on the user's event loop. */
    void start() {
        connection.loop().execute(this::runNextTask);
    }

    /**
     * Asks the user to stop once its current request is answered (and counted); a user waiting
     * between tasks stops when its wait ends. {@link #kill()} ends it at once.
     */
    void stopGracefully() {
        stopping = true;
    }

    /** @return whether a request of this user is still waiting for its response */
    boolean isBusy() {
        return connection.isBusy();
    }

    /**
     * Ends the user now; a request in flight is dropped uncounted, as Locust kills its greenlet,
     * and its span ends as the killed greenlet's does.
     *
     * @return done once the user's event loop has ended it
     */
    Future<?> kill() {
        stopping = true;
        return connection.loop().submit(() -> {
            if (inFlight != null) {
                inFlight.abandon();
            }
            connection.close();
        });
    }

    private void runNextTask() {
        if (stopping) {
            connection.close();
            return;
        }
        try {
            current = tasks.pick();
            if (inFlight == null) {
                startedAt = System.nanoTime();
                connection.send(current.request(), this);
                return;
            }
            Map<String, String> headers = inFlight.start(current.traced());
            startedAt = System.nanoTime();
            connection.send(current.request(), headers, this);
        } catch (RuntimeException e) {
            exceptions.record(e);
        }
    }

    @Override
    public void onResponse(int status, long contentLength) {
        finish(status, contentLength, current.errorFor(status));
    }

    @Override
    public void onFailure(String error) {
        finish(0, 0, error);
    }

    private void finish(int status, long contentLength, String error) {
        long elapsed = System.nanoTime() - startedAt;
        if (inFlight != null) {
            inFlight.end(new ClientResponse(status, error), elapsed / 1e9);
        }
        long delay;
        try {
            stats.record(current.request().method(), current.spec().name(), elapsed / 1e6, contentLength, error);
            delay = tasks.userClass().waitTime().delayNanos(elapsed);
        } catch (RuntimeException e) {
            // As in Locust, an exception inside a task is reported and the user carries on;
            // the pause keeps a persistent bug from spinning.
            exceptions.record(e);
            delay = TimeUnit.SECONDS.toNanos(1);
        }
        if (stopping) {
            connection.close();
        } else if (delay == 0) {
            runNextTask();
        } else {
            connection.loop().schedule(this::runNextTask, delay, TimeUnit.NANOSECONDS);
        }
    }
}
