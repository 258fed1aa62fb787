package io.github.oteldemo.loader.runner;

import io.github.oteldemo.loader.config.UserClassSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many users of each class make up a given total: {@code fixed_count} classes first (as in
 * Locust, up to their count, in task-file order), the rest by class weight (largest remainder,
 * ties to the class listed first), so that adding users one at a time keeps the mix as close to
 * the weights as possible.
 */
final class UserMix {

    private UserMix() {}

    /**
     * @param classes the user classes, in task-file order
     * @param total   the total number of users
     * @return class name to user count, summing to {@code total}
     */
    static Map<String, Integer> split(List<UserClassSpec> classes, int total) {
        Map<String, Integer> fixed = new LinkedHashMap<>();
        int left = total;
        for (UserClassSpec userClass : classes) {
            if (userClass.fixedCount() > 0) {
                int count = Math.min(left, userClass.fixedCount());
                fixed.put(userClass.name(), count);
                left -= count;
            }
        }
        List<UserClassSpec> weighted =
                classes.stream().filter(c -> c.fixedCount() == 0).toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        classes.forEach(c -> counts.put(c.name(), fixed.getOrDefault(c.name(), 0)));
        if (!weighted.isEmpty()) {
            counts.putAll(byWeight(weighted, left));
        }
        return counts;
    }

    private static Map<String, Integer> byWeight(List<UserClassSpec> classes, int total) {
        int weightSum = classes.stream().mapToInt(UserClassSpec::weight).sum();
        Map<String, Integer> counts = new LinkedHashMap<>();
        double[] remainders = new double[classes.size()];
        int assigned = 0;
        for (int i = 0; i < classes.size(); i++) {
            double exact = (double) total * classes.get(i).weight() / weightSum;
            int whole = (int) Math.floor(exact);
            counts.put(classes.get(i).name(), whole);
            remainders[i] = exact - whole;
            assigned += whole;
        }
        for (; assigned < total; assigned++) {
            int best = 0;
            for (int i = 1; i < remainders.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            remainders[best] = -1;
            counts.merge(classes.get(best).name(), 1, Integer::sum);
        }
        return counts;
    }
}
