package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.http.HttpTarget;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.http.ResponseListener;
import io.github.oteldemo.loader.http.UserConnection;
import io.github.oteldemo.loader.runner.UserTasks.Task;
import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.loader.telemetry.ClientResponse;
import io.github.oteldemo.loader.telemetry.InFlightSpan;
import io.github.oteldemo.loader.telemetry.RequestTracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The open model ({@code --arrival-rate}): requests start at a fixed rate whatever the
 * latency, on a pool of at most {@code users} connections.
 *
 * <p>Each request's response time counts from the moment it was <em>meant</em> to start, so a
 * slow server cannot hide behind the loader slowing down (coordinated omission). A start that
 * finds every connection busy is dropped and counted ({@link #droppedStarts()}). Tasks are
 * picked by user-class weight, then task weight; wait times do not apply in this model.
 *
 * <p>With {@code --otel} each request is traced as a user's is; its {@code locust.client.duration}
 * is the response time of the stats, counted from the intended start too.
 */
public final class ArrivalRateRunner implements LoadRunner {

    private final UserClasses classes;
    private final LoadClient client;
    private final RequestTracing tracing;
    private final double rate;
    private final RequestStats stats = new RequestStats();
    private final ExceptionLog exceptions;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong intended = new AtomicLong();
    private volatile RunnerState state = RunnerState.READY;
    private volatile String host;
    private volatile Thread ticker;
    private List<Slot> slots = List.of();

    /**
     * @param taskFile the user classes whose tasks are sent
     * @param client   the shared HTTP client (owned by the caller)
     * @param host     default target, or null until {@link #start} gives one
     * @param rate     requests started per second
     * @param nodeName this node's name in exception reports
     */
    public ArrivalRateRunner(TaskFile taskFile, LoadClient client, String host, double rate, String nodeName) {
        this(taskFile, client, host, rate, nodeName, null);
    }

    /**
     * @param taskFile the user classes whose tasks are sent
     * @param client   the shared HTTP client (owned by the caller)
     * @param host     default target, or null until {@link #start} gives one
     * @param rate     requests started per second
     * @param nodeName this node's name in exception reports
     * @param tracing  {@code --otel}: spans and metrics per request, or null for none
     */
    public ArrivalRateRunner(
            TaskFile taskFile, LoadClient client, String host, double rate, String nodeName, RequestTracing tracing) {
        this.classes = new UserClasses(taskFile);
        this.client = client;
        this.tracing = tracing;
        this.host = host;
        this.rate = rate;
        this.exceptions = new ExceptionLog(nodeName);
    }

    /**
     * Starts sending at the arrival rate with at most {@code users} requests in flight.
     * {@code spawnRate} does not apply: connections open on first use.
     */
    @Override
    public synchronized void start(int users, double spawnRate, String host) {
        if (users < 1) {
            throw new IllegalArgumentException(
                    "the arrival-rate model needs --users >= 1 (the most requests in flight)");
        }
        String newHost = host != null ? host : this.host;
        HttpTarget target = HttpTarget.parse(newHost);
        stop();
        this.host = newHost;
        if (state == RunnerState.STOPPED || state == RunnerState.READY) {
            stats.reset();
            exceptions.clear();
            dropped.set(0);
            intended.set(0);
        }
        state = RunnerState.SPAWNING;
        List<UserTasks> weighted = new ArrayList<>();
        for (UserClassSpec userClass : classes.current()) {
            UserTasks tasks = classes.bind(userClass, target);
            for (int i = 0; i < userClass.weight(); i++) {
                weighted.add(tasks);
            }
        }
        Queue<Slot> idle = new ConcurrentLinkedQueue<>();
        List<Slot> created = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Slot slot = new Slot(client.connection(client.nextLoop(), target), idle);
            created.add(slot);
            idle.add(slot);
        }
        slots = created;
        Thread thread = new Thread(() -> tick(weighted, idle), "loader-arrivals");
        thread.setDaemon(true);
        ticker = thread;
        state = RunnerState.RUNNING;
        thread.start();
    }

    private void tick(List<UserTasks> weighted, Queue<Slot> idle) {
        long began = System.nanoTime();
        double interval = 1e9 / rate;
        long issued = 0;
        while (ticker == Thread.currentThread()) {
            long due = began + (long) (issued * interval);
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(1)));
                continue;
            }
            issued++;
            intended.incrementAndGet();
            Slot slot = idle.poll();
            if (slot == null) {
                dropped.incrementAndGet();
                continue;
            }
            UserTasks tasks = weighted.size() == 1
                    ? weighted.get(0)
                    : weighted.get(ThreadLocalRandom.current().nextInt(weighted.size()));
            slot.fire(tasks.pick(), due);
        }
    }

    /** Weights count from the next start, tasks at once; every request goes to the run's host. */
    @Override
    public void updateUserClass(Map<String, Object> userSettings) {
        if (userSettings != null && userSettings.get("host") instanceof String h && !h.isBlank()) {
            throw new IllegalArgumentException("the --arrival-rate mode sends every request to the run's host");
        }
        classes.update(userSettings);
    }

    /** @return starts that found every connection busy and were skipped */
    public long droppedStarts() {
        return dropped.get();
    }

    /** @return starts the arrival rate called for so far */
    public long intendedStarts() {
        return intended.get();
    }

    /** @return the configured arrival rate, requests per second */
    public double rate() {
        return rate;
    }

    @Override
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        state = RunnerState.STOPPING;
        Thread running = ticker;
        ticker = null;
        LockSupport.unpark(running);
        try {
            running.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LoopHandoff.awaitAll(slots.stream().map(Slot::close).toList(), Duration.ofSeconds(1));
        slots = List.of();
        state = RunnerState.STOPPED;
    }

    @Override
    public void quit() {
        stop();
    }

    @Override
    public RunnerState state() {
        return state;
    }

    /** The open model has requests in flight, not users of a class. */
    @Override
    public List<UserClassSpec> userClasses() {
        return classes.current();
    }

    @Override
    public Map<String, Integer> userClassesCount() {
        return Map.of();
    }

    @Override
    public int userCount() {
        return slots.size();
    }

    @Override
    public RequestStats stats() {
        return stats;
    }

    @Override
    public void resetStats() {
        stats.reset();
        exceptions.clear();
        dropped.set(0);
        intended.set(0);
    }

    @Override
    public List<ExceptionReport> exceptions() {
        return exceptions.reports();
    }

    /** One connection of the pool; back in the idle queue once its response is recorded. */
    private final class Slot implements ResponseListener {
        private final UserConnection connection;
        private final Queue<Slot> idle;
        private Task task;
        private long intendedStart;
        private final InFlightSpan inFlight = tracing == null ? null : new InFlightSpan(tracing);

        Slot(UserConnection connection, Queue<Slot> idle) {
            this.connection = connection;
            this.idle = idle;
        }

        void fire(Task next, long intendedStartNanos) {
            connection.loop().execute(() -> {
                task = next;
                intendedStart = intendedStartNanos;
                try {
                    if (inFlight == null) {
                        connection.send(next.request(), this);
                    } else {
                        connection.send(next.request(), inFlight.start(next.traced()), this);
                    }
                } catch (RuntimeException e) {
                    exceptions.record(e);
                    idle.add(this);
                }
            });
        }

        @Override
        public void onResponse(int status, long contentLength) {
            finish(status, contentLength, task.errorFor(status));
        }

        @Override
        public void onFailure(String error) {
            finish(0, 0, error);
        }

        private void finish(int status, long contentLength, String error) {
            long elapsed = System.nanoTime() - intendedStart;
            if (inFlight != null) {
                inFlight.end(new ClientResponse(status, error), elapsed / 1e9);
            }
            stats.record(task.request().method(), task.spec().name(), elapsed / 1e6, contentLength, error);
            idle.add(this);
        }

        /** Drops a request in flight uncounted; its span ends as a killed Locust user's does. */
        Future<?> close() {
            return connection.loop().submit(() -> {
                if (inFlight != null) {
                    inFlight.abandon();
                }
                connection.close();
            });
        }
    }
}
