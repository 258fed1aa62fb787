package io.github.oteldemo.loader.master;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spreads users over workers the way Locust's {@code UsersDispatcher} ends up spreading them,
 * so a mixed Java/Python cluster behaves as users of Locust expect.
 *
 * <p>Locust walks an infinite sequence of users, choosing each user's class by smooth
 * weighted round-robin over the class weights (normalised so the smallest is 2) and its worker
 * by plain round-robin over the workers, sorted so that consecutive users land on different
 * hosts. Locust keeps iterators alive between dispatches; here the first {@code n} users of
 * that same sequence are recomputed for every change, which gives the same distribution for
 * ramp-up, ramp-down (the last users started are the first stopped) and rebalancing after a
 * worker joins or leaves, without state to keep in step.
 */
public final class UserDispatcher {

    private final List<String> classCycle;
    private final List<String> classNames;

    /**
     * @param weights user class name to weight (positive)
     * @throws IllegalArgumentException when there is no class or a weight is not positive
     */
    public UserDispatcher(Map<String, Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("at least one user class is needed");
        }
        weights.forEach((name, weight) -> {
            if (weight <= 0) {
                throw new IllegalArgumentException("user class " + name + " has weight " + weight + "; it must be positive");
            }
        });
        TreeMap<String, Integer> sorted = new TreeMap<>(weights);
        this.classNames = List.copyOf(sorted.keySet());
        this.classCycle = smoothRoundRobin(sorted);
    }

    /** @return the user class names, sorted */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * One period of the smooth weighted round-robin (the {@code roundrobin.smooth} algorithm
     * Locust uses), over weights normalised like Locust's {@code infinite_cycle_gen}.
     */
    private static List<String> smoothRoundRobin(TreeMap<String, Integer> weights) {
        int min = weights.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        List<String> names = new ArrayList<>(weights.keySet());
        long[] normalised = new long[names.size()];
        long period = 0;
        for (int i = 0; i < names.size(); i++) {
            // Python's round() rounds half to even, as Math.rint does.
            normalised[i] = (long) Math.rint(2.0 * weights.get(names.get(i)) / min);
            period += normalised[i];
        }
        if (names.size() == 1) {
            return List.of(names.get(0));
        }
        long[] current = new long[names.size()];
        List<String> cycle = new ArrayList<>((int) period);
        for (long step = 0; step < period; step++) {
            int chosen = -1;
            for (int i = 0; i < names.size(); i++) {
                current[i] += normalised[i];
                if (chosen < 0 || current[chosen] < current[i]) {
                    chosen = i;
                }
            }
            current[chosen] -= period;
            cycle.add(names.get(chosen));
        }
        return List.copyOf(cycle);
    }

    /**
     * Orders workers as Locust does: by how many workers with the same host (the id up to the
     * first {@code _}) sort before them, then by id, so users alternate between hosts.
     *
     * @param workerIds worker ids in any order
     * @return the dispatch order
     */
    public static List<String> dispatchOrder(List<String> workerIds) {
        List<String> byId = new ArrayList<>(workerIds);
        byId.sort(Comparator.naturalOrder());
        Map<String, Integer> seenPerHost = new HashMap<>();
        Map<String, Integer> indexWithinHost = new HashMap<>();
        for (String id : byId) {
            String host = id.split("_", 2)[0];
            indexWithinHost.put(id, seenPerHost.merge(host, 1, Integer::sum) - 1);
        }
        byId.sort(Comparator.<String>comparingInt(indexWithinHost::get).thenComparing(Comparator.naturalOrder()));
        return byId;
    }

    /**
     * @param users     how many users run in total
     * @param workerIds the workers that take users, in any order
     * @return worker id to (user class to count), every class present for every worker
     */
    public Map<String, Map<String, Integer>> distribute(int users, List<String> workerIds) {
        List<String> order = dispatchOrder(workerIds);
        Map<String, Map<String, Integer>> result = new LinkedHashMap<>();
        for (String worker : order) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            classNames.forEach(name -> counts.put(name, 0));
            result.put(worker, counts);
        }
        if (order.isEmpty()) {
            return result;
        }
        for (int user = 0; user < users; user++) {
            String worker = order.get(user % order.size());
            result.get(worker).merge(classCycle.get(user % classCycle.size()), 1, Integer::sum);
        }
        return result;
    }
}
