package io.github.oteldemo.loader.dispatch;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Locust's {@code _kl_generator}: an endless sequence of names in which each name's share follows
 * its weight as closely as possible at every prefix (the next name is the one whose choice adds
 * the least Kullback-Leibler divergence). Weights 5 and 1 give {@code AAABAAAAABAA...}. Ties go
 * as Python's tuple order breaks them: by the count term, then the weight, then the name.
 */
final class KlSequence {

    /** Python's heap entry {@code (divergence, x + 1, weight, name)}. */
    private record Entry(double divergence, double next, double weight, String name) {}

    private static final Comparator<Entry> PYTHON_TUPLE_ORDER = Comparator.comparingDouble(Entry::divergence)
            .thenComparingDouble(Entry::next)
            .thenComparingDouble(Entry::weight)
            .thenComparing(Entry::name);

    private final PriorityQueue<Entry> heap = new PriorityQueue<>(PYTHON_TUPLE_ORDER);

    /** @param weights names with their weights; names with a weight of 0 or less never come */
    KlSequence(List<Map.Entry<String, Integer>> weights) {
        for (Map.Entry<String, Integer> weight : weights) {
            double x = weight.getValue();
            if (x > 0) {
                heap.add(new Entry(x * log2(x / (x + 1.0)), x + 1.0, x, weight.getKey()));
            }
        }
    }

    /** @return the next name, or null forever when there is no name with a positive weight */
    String next() {
        Entry top = heap.poll();
        if (top == null) {
            return null;
        }
        double x = top.next();
        heap.add(new Entry(top.weight() * log2(x / (x + 1.0)), x + 1.0, top.weight(), top.name()));
        return top.name();
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2.0);
    }
}
