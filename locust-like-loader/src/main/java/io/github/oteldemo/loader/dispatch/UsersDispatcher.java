package io.github.oteldemo.loader.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Locust 2.47's {@code UsersDispatcher}, step for step, so a mixed Java/Python cluster spreads
 * users exactly as Locust would: users come from a {@link KlSequence} over the class weights
 * ({@code fixed_count} classes first, until each has its count), workers in turn from a cycle
 * over the workers sorted so that consecutive users land on different hosts; ramping down
 * removes the last users started. A worker joining or leaving recomputes the spread as a
 * ramp-up from zero to the current count, delivered as an extra step.
 *
 * <p>One {@link #newDispatch} starts a cycle; {@link #next()} gives each step's user counts per
 * worker until it returns null; the caller waits {@link #delayBeforeNext()} between steps.
 * Not thread-safe: the master's control thread owns it (a standalone run's, its control thread).
 */
public final class UsersDispatcher {

    /**
     * One user class.
     *
     * @param name       class name
     * @param weight     share among the weighted classes
     * @param fixedCount users of this class in total whatever the user count (0: weighted)
     */
    public record UserClass(String name, int weight, int fixedCount) {}

    private enum Phase {
        START,
        RAMP,
        DONE
    }

    private List<UserClass> classes;
    private List<String> workers;
    private Map<String, Map<String, Integer>> usersOnWorkers;
    private Map<String, Map<String, Integer>> initialUsersOnWorkers;
    private List<String[]> activeUsers = new ArrayList<>();
    private UserSequence userSequence;
    private WorkerCycle workerCycle;
    private int currentUserCount;
    private int targetUserCount;
    private int perIteration;
    private double waitBetween;
    private boolean rebalance;
    private boolean tryDispatchFixed = true;
    private boolean inProgress;
    private Map<String, Map<String, Integer>> pending;
    private Phase phase = Phase.DONE;

    /**
     * @param workerIds   the workers (node ids) users are spread over
     * @param userClasses the user classes, at least one
     */
    public UsersDispatcher(List<String> workerIds, List<UserClass> userClasses) {
        if (userClasses.isEmpty()) {
            throw new IllegalArgumentException("at least one user class is needed");
        }
        this.classes = userClasses.stream()
                .sorted(Comparator.comparing(UserClass::name))
                .toList();
        this.workers = sortWorkers(workerIds);
        this.usersOnWorkers = emptyUsers(workers);
        this.initialUsersOnWorkers = copy(usersOnWorkers);
        this.userSequence = new UserSequence();
        this.workerCycle = new WorkerCycle(workers);
    }

    /** Locust's {@code _sort_workers}: by index within the host (the id up to its first {@code _}), then id. */
    static List<String> sortWorkers(List<String> ids) {
        Map<String, Integer> perHost = new HashMap<>();
        Map<String, Integer> indexWithinHost = new HashMap<>();
        ids.stream()
                .sorted()
                .forEach(id -> indexWithinHost.put(id, perHost.merge(id.split("_", -1)[0], 1, Integer::sum) - 1));
        return ids.stream()
                .sorted(Comparator.comparing((String id) -> indexWithinHost.get(id))
                        .thenComparing(id -> id))
                .toList();
    }

    /**
     * New weights or fixed counts of the same classes (Locust's {@code update_user_class}). As
     * Locust's dispatcher reads its classes' attributes, weights count from the next user
     * sequence (a rebalance), fixed counts from the next top-up of fixed users.
     *
     * @param changed the same classes as the constructor's, with their current settings
     */
    public void userClasses(List<UserClass> changed) {
        classes = changed.stream().sorted(Comparator.comparing(UserClass::name)).toList();
    }

    /** @return whether a dispatch cycle has steps left */
    public boolean dispatchInProgress() {
        return inProgress;
    }

    /** @return users dispatched so far */
    public int currentUserCount() {
        return currentUserCount;
    }

    /** Starts a dispatch cycle towards {@code target} users at {@code spawnRate} users per second. */
    public void newDispatch(int target, double spawnRate) {
        if (target < 0 || !(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw new IllegalArgumentException(
                    "target must be >= 0 and spawn rate a positive number, got " + target + " and " + spawnRate);
        }
        targetUserCount = target;
        perIteration = Math.max(1, (int) Math.floor(spawnRate));
        waitBetween = perIteration / spawnRate;
        initialUsersOnWorkers = usersOnWorkers;
        usersOnWorkers = copy(initialUsersOnWorkers);
        currentUserCount = count(usersOnWorkers);
        pending = null;
        phase = Phase.START;
    }

    /** @return seconds to wait before the next step (0 when the target is reached or a rebalance step waits) */
    public double delayBeforeNext() {
        return pending != null || currentUserCount == targetUserCount ? 0 : waitBetween;
    }

    /** @return the next step's users per worker and class (a copy), or null when the cycle is done */
    public Map<String, Map<String, Integer>> next() {
        if (pending != null) {
            Map<String, Map<String, Integer>> step = pending;
            pending = null;
            return step;
        }
        if (phase == Phase.START) {
            inProgress = true;
            phase = Phase.RAMP;
            if (rebalance) {
                rebalance = false;
                if (currentUserCount == targetUserCount) {
                    phase = Phase.DONE;
                    inProgress = false;
                }
                return copy(usersOnWorkers);
            }
            if (currentUserCount == targetUserCount) {
                phase = Phase.DONE;
                inProgress = false;
                return copy(initialUsersOnWorkers);
            }
        }
        if (phase == Phase.RAMP) {
            if (currentUserCount < targetUserCount) {
                addUsers();
                return afterStep();
            }
            if (currentUserCount > targetUserCount) {
                removeUsers();
                return afterStep();
            }
            phase = Phase.DONE;
            inProgress = false;
        }
        return null;
    }

    private Map<String, Map<String, Integer>> afterStep() {
        Map<String, Map<String, Integer>> step = copy(usersOnWorkers);
        if (rebalance) {
            rebalance = false;
            pending = copy(usersOnWorkers);
        }
        return step;
    }

    /**
     * A worker joined: the next step spreads the current users over all workers. A worker already
     * listed (a repeated client_ready) is not listed twice, which Locust's list would do.
     */
    public void addWorker(String id) {
        if (workers.contains(id)) {
            prepareRebalance();
            return;
        }
        List<String> all = new ArrayList<>(workers);
        all.add(id);
        workers = sortWorkers(all);
        prepareRebalance();
    }

    /** A worker left: the next step spreads the current users over the others. */
    public void removeWorker(String id) {
        workers = workers.stream().filter(w -> !w.equals(id)).toList();
        if (!workers.isEmpty()) {
            prepareRebalance();
        }
    }

    private void prepareRebalance() {
        usersOnWorkers = emptyUsers(workers);
        tryDispatchFixed = true;
        UserSequence users = new UserSequence();
        WorkerCycle cycle = new WorkerCycle(workers);
        List<String[]> active = new ArrayList<>();
        for (int count = 0; count < currentUserCount; count++) {
            String user = users.next();
            if (user == null) {
                break;
            }
            String worker = cycle.next();
            usersOnWorkers.get(worker).merge(user, 1, Integer::sum);
            active.add(new String[] {worker, user});
        }
        activeUsers = active;
        userSequence = users;
        workerCycle = cycle;
        rebalance = true;
    }

    private void addUsers() {
        int goal = Math.min(currentUserCount + perIteration, targetUserCount);
        while (true) {
            String user = userSequence.next();
            if (user == null) {
                // No class can take more users (only fixed_count classes, all full): stop ramping up.
                targetUserCount = currentUserCount;
                return;
            }
            String worker = workerCycle.next();
            usersOnWorkers.get(worker).merge(user, 1, Integer::sum);
            currentUserCount++;
            activeUsers.add(new String[] {worker, user});
            if (currentUserCount >= goal) {
                return;
            }
        }
    }

    private void removeUsers() {
        int goal = Math.max(currentUserCount - perIteration, targetUserCount);
        while (!activeUsers.isEmpty()) {
            String[] last = activeUsers.remove(activeUsers.size() - 1);
            usersOnWorkers.get(last[0]).merge(last[1], -1, Integer::sum);
            currentUserCount--;
            tryDispatchFixed = true;
            if (currentUserCount == 0 || currentUserCount <= goal) {
                return;
            }
        }
    }

    private int runningOfClass(String name) {
        return usersOnWorkers.values().stream()
                .mapToInt(m -> m.getOrDefault(name, 0))
                .sum();
    }

    private Map<String, Map<String, Integer>> emptyUsers(List<String> ids) {
        Map<String, Map<String, Integer>> users = new LinkedHashMap<>();
        for (String id : ids) {
            Map<String, Integer> perClass = new LinkedHashMap<>();
            classes.forEach(c -> perClass.put(c.name(), 0));
            users.put(id, perClass);
        }
        return users;
    }

    private static int count(Map<String, Map<String, Integer>> users) {
        return users.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToInt(Integer::intValue)
                .sum();
    }

    private static Map<String, Map<String, Integer>> copy(Map<String, Map<String, Integer>> users) {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        users.forEach((worker, perClass) -> copy.put(worker, new LinkedHashMap<>(perClass)));
        return copy;
    }

    /** Locust's {@code _user_gen}: missing fixed_count users first (whenever a removal may have made some), then weighted ones. */
    private final class UserSequence {
        private final KlSequence weighted = new KlSequence(classes.stream()
                .filter(c -> c.fixedCount() == 0)
                .map(c -> Map.entry(c.name(), c.weight()))
                .toList());
        private KlSequence fixed;
        private int fixedLeft;

        String next() {
            if (fixedLeft == 0 && tryDispatchFixed) {
                tryDispatchFixed = false;
                List<Map.Entry<String, Integer>> missing = new ArrayList<>();
                for (UserClass c : classes) {
                    int miss = c.fixedCount() - runningOfClass(c.name());
                    if (c.fixedCount() > 0 && miss > 0) {
                        missing.add(Map.entry(c.name(), miss));
                        fixedLeft += miss;
                    }
                }
                fixed = new KlSequence(missing);
            }
            if (fixedLeft > 0) {
                fixedLeft--;
                return fixed.next();
            }
            return weighted.next();
        }
    }

    /** {@code itertools.cycle} over the workers as they were when it was made. */
    private static final class WorkerCycle {
        private final List<String> ids;
        private int position;

        WorkerCycle(List<String> ids) {
            this.ids = List.copyOf(ids);
        }

        String next() {
            String id = ids.get(position);
            position = (position + 1) % ids.size();
            return id;
        }
    }
}
