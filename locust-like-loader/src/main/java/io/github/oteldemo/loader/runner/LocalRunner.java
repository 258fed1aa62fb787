package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.dispatch.UsersDispatcher;
import io.github.oteldemo.loader.http.HttpTarget;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.loader.telemetry.RequestTracing;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs users in this process (Locust's {@code LocalRunner}); a worker drives one too. A ramp
 * ({@link LocalRamp}) steps through a {@link UsersDispatcher} with this process as its one worker,
 * as Locust's does, so the users per class ({@code fixed_count}, weights, as
 * {@code update_user_class} left them) and the pace are those of a master.
 *
 * <p>Every change to the set of users happens on one control thread, so starting, re-scaling
 * and stopping never race; the users themselves run on the {@link LoadClient}'s event loops.
 */
public final class LocalRunner implements LoadRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);

    private final UserClasses classes;
    private final LoadClient client;
    private final RequestTracing tracing;
    private volatile Duration stopTimeout;
    private final RequestStats stats = new RequestStats();
    private final ExceptionLog exceptions;
    private final ScheduledExecutorService control;
    private final Map<String, Deque<VirtualUser>> users = new LinkedHashMap<>();
    private final List<Consumer<RunnerState>> stateListeners = new CopyOnWriteArrayList<>();
    private volatile RunnerState state = RunnerState.READY;
    private volatile int userCount;
    private volatile String host;
    private final LocalRamp ramp;
    private volatile Thread controlThread;

    /**
     * @param taskFile    the user classes
     * @param client      the HTTP client users share (not closed by {@link #quit()}: the caller owns it)
     * @param host        default target base URL, or null until {@link #start} gives one
     * @param stopTimeout how long stopping users may wait for their requests in flight
     * @param nodeName    this node's name in exception reports
     */
    public LocalRunner(TaskFile taskFile, LoadClient client, String host, Duration stopTimeout, String nodeName) {
        this(taskFile, client, host, stopTimeout, nodeName, null);
    }

    /**
     * @param taskFile    the user classes
     * @param client      the HTTP client users share (not closed by {@link #quit()}: the caller owns it)
     * @param host        default target base URL, or null until {@link #start} gives one
     * @param stopTimeout how long stopping users may wait for their requests in flight
     * @param nodeName    this node's name in exception reports
     * @param tracing     {@code --otel}: spans and metrics per request, or null for none
     */
    public LocalRunner(
            TaskFile taskFile,
            LoadClient client,
            String host,
            Duration stopTimeout,
            String nodeName,
            RequestTracing tracing) {
        this.tracing = tracing;
        this.classes = new UserClasses(taskFile);
        this.client = client;
        this.host = host;
        this.stopTimeout = stopTimeout;
        this.exceptions = new ExceptionLog(nodeName);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loader-control");
            thread.setDaemon(true);
            controlThread = thread;
            return thread;
        });
        this.ramp = new LocalRamp(control, classes, this::adjustTo, this::spawned);
        taskFile.users().forEach(c -> users.put(c.name(), new ArrayDeque<>()));
    }

    /**
     * Registers a listener told of every state change, on the control thread.
     *
     * @param listener receives the new state
     */
    public void onStateChange(Consumer<RunnerState> listener) {
        stateListeners.add(listener);
    }

    /**
     * Changes how long stopping users may finish their request in flight; a worker takes it
     * from each spawn message, as Locust's worker does ({@code stop_timeout or 0}).
     *
     * @param timeout the new stop timeout
     */
    public void stopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
    }

    /** @return how long stopping users may finish their request in flight */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** @return the user class names of the task file, in order */
    public List<String> userClassNames() {
        return classes.names();
    }

    @Override
    public void start(int users, double spawnRate, String host) {
        if (users < 0) {
            throw new IllegalArgumentException("user count must be >= 0, got " + users);
        }
        if (!(spawnRate > 0)) {
            throw new IllegalArgumentException("spawn rate must be > 0, got " + spawnRate);
        }
        HttpTarget.parse(host != null ? host : this.host);
        onControl(() -> {
            beginTest(host);
            classes.startOn(this.host);
            setState(RunnerState.SPAWNING);
            ramp.begin(users, spawnRate);
        });
    }

    /** The ramp reached its target. */
    private void spawned() {
        LOG.info("All users spawned: {} ({} total users)", classCounts(), userCount);
        setState(RunnerState.RUNNING);
    }

    /**
     * Runs exactly these users per class right away, as a Locust worker does on a spawn message.
     *
     * @param countsByClass class name to user count; classes not named get none
     * @param host          target base URL, or null to keep the current one
     * @throws IllegalArgumentException for a class name the task file does not define
     */
    public void spawnExact(Map<String, Integer> countsByClass, String host) {
        for (String name : countsByClass.keySet()) {
            if (!users.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown user class '" + name + "' (this task file defines " + userClassNames() + ")");
            }
        }
        HttpTarget.parse(host != null ? host : this.host);
        onControl(() -> {
            beginTest(host);
            classes.startOn(host);
            setState(RunnerState.SPAWNING);
            Map<String, Integer> target = new LinkedHashMap<>();
            users.keySet().forEach(name -> target.put(name, countsByClass.getOrDefault(name, 0)));
            adjustTo(target);
            setState(RunnerState.RUNNING);
        });
    }

    /**
     * Tasks count at once, hosts for users started later, weights and fixed counts as the
     * dispatcher reads them (from the next start after a stop, from the next top-up).
     */
    @Override
    public void updateUserClass(Map<String, Object> userSettings) {
        onControl(() -> {
            classes.update(userSettings);
            ramp.classesChanged();
        });
    }

    @Override
    public List<UserClassSpec> userClasses() {
        return classes.current();
    }

    @Override
    public Map<String, Integer> userClassesCount() {
        return classCounts();
    }

    /** @return users per class currently running */
    public Map<String, Integer> classCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        onControl(() -> users.forEach((name, list) -> counts.put(name, list.size())));
        return counts;
    }

    private void beginTest(String newHost) {
        ramp.cancel();
        if (state == RunnerState.READY || state == RunnerState.STOPPED) {
            stats.reset();
            exceptions.clear();
        }
        if (newHost != null && !newHost.equals(host)) {
            // Running users keep their old target otherwise; Locust binds the host per user too,
            // so restart them on the new one.
            killAll(allUsers());
            users.values().forEach(Deque::clear);
            userCount = 0;
            ramp.reset();
            host = newHost;
        }
    }

    /** Adds or removes users per class until each has {@code wanted}. */
    private void adjustTo(Map<String, Integer> wanted) {
        for (UserClassSpec userClass : classes.current()) {
            Deque<VirtualUser> running = users.get(userClass.name());
            int goal = wanted.getOrDefault(userClass.name(), 0);
            HttpTarget target = HttpTarget.parse(classes.hostFor(userClass.name(), host));
            while (running.size() < goal) {
                UserTasks tasks = classes.bind(userClass, target);
                VirtualUser user = new VirtualUser(
                        tasks, client.connection(client.nextLoop(), target), stats, exceptions, tracing);
                running.addLast(user);
                user.start();
            }
            while (running.size() > goal) {
                // Scaling down lets the request in flight finish and be counted, so a re-scale
                // (or a worker handing users back) loses no request.
                running.removeLast().stopGracefully();
            }
        }
        userCount = users.values().stream().mapToInt(Collection::size).sum();
    }

    private List<VirtualUser> allUsers() {
        List<VirtualUser> all = new ArrayList<>();
        users.values().forEach(all::addAll);
        return all;
    }

    @Override
    public void stop() {
        onControl(() -> {
            if (state == RunnerState.STOPPED || state == RunnerState.READY) {
                return;
            }
            // Locust drops its dispatcher on stop: the next start ramps from zero users.
            ramp.reset();
            setState(RunnerState.STOPPING);
            List<VirtualUser> all = allUsers();
            all.forEach(VirtualUser::stopGracefully);
            long deadline = System.nanoTime() + stopTimeout.toNanos();
            while (System.nanoTime() < deadline && all.stream().anyMatch(VirtualUser::isBusy)) {
                sleepBriefly();
            }
            killAll(all);
            users.values().forEach(Deque::clear);
            userCount = 0;
            setState(RunnerState.STOPPED);
        });
    }

    private static void killAll(List<VirtualUser> all) {
        LoopHandoff.awaitAll(all.stream().map(VirtualUser::kill).toList(), Duration.ofSeconds(1));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void quit() {
        stop();
        control.shutdownNow();
    }

    @Override
    public RunnerState state() {
        return state;
    }

    @Override
    public int userCount() {
        return userCount;
    }

    /** @return the current target base URL, or null */
    public String host() {
        return host;
    }

    @Override
    public RequestStats stats() {
        return stats;
    }

    @Override
    public void resetStats() {
        stats.reset();
        exceptions.clear();
    }

    @Override
    public List<ExceptionReport> exceptions() {
        return exceptions.reports();
    }

    private void setState(RunnerState next) {
        if (state != next) {
            state = next;
            stateListeners.forEach(l -> l.accept(next));
        }
    }

    /**
     * Runs on the control thread and waits, so callers see the change done when this returns.
     * After {@link #quit()} it does nothing: a web request racing the shutdown changes nothing.
     */
    private void onControl(Runnable action) {
        if (Thread.currentThread() == controlThread) {
            action.run();
            return;
        }
        try {
            control.submit(action).get();
        } catch (RejectedExecutionException e) {
            LOG.debug("The runner has quit; ignored a late change");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
