package io.github.oteldemo.loader.stats;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on the aggregated statistics of a run, e.g. {@code p95<200ms},
 * {@code fail_ratio<0.01} or {@code rps>=100}.
 *
 * <p>Metrics: {@code pNN} / {@code pNN.N} (percentile), {@code avg}, {@code median},
 * {@code min}, {@code max} (times, in {@code ms} by default or {@code s}), {@code fail_ratio}
 * (a fraction, or a percentage with {@code %}) and {@code rps} (requests per second over the run).
 *
 * @param text      the rule as given
 * @param metric    the metric name, normalised
 * @param operator  one of {@code < <= > >=}
 * @param limit     the limit, in ms for times
 */
public record Threshold(String text, String metric, String operator, double limit) {

    private static final Pattern RULE = Pattern.compile(
            "\\s*(p\\d{1,2}(?:\\.\\d+)?|p100|avg|median|min|max|fail_ratio|rps)\\s*(<=|>=|<|>)\\s*([0-9]*\\.?[0-9]+)\\s*(ms|s|%)?\\s*");

    /**
     * @param text e.g. {@code p95<200ms}
     * @return the rule
     * @throws IllegalArgumentException with a one-line message when the rule is not understood
     */
    public static Threshold parse(String text) {
        Matcher m = RULE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid --threshold '" + text
                    + "'; use METRIC OP VALUE with METRIC one of pNN, avg, median, min, max, fail_ratio, rps"
                    + " and OP one of < <= > >=, e.g. 'p95<200ms' or 'fail_ratio<0.01'");
        }
        String metric = m.group(1);
        double value = Double.parseDouble(m.group(3));
        String unit = m.group(4);
        boolean time = metric.startsWith("p")
                || metric.equals("avg")
                || metric.equals("median")
                || metric.equals("min")
                || metric.equals("max");
        if (time) {
            if ("%".equals(unit)) {
                throw new IllegalArgumentException("invalid --threshold '" + text + "': a time takes ms or s, not %");
            }
            value = "s".equals(unit) ? value * 1000 : value;
            double percentile = metric.startsWith("p") ? Double.parseDouble(metric.substring(1)) : 0;
            if (percentile > 100) {
                throw new IllegalArgumentException("invalid --threshold '" + text + "': percentile above 100");
            }
        } else if (metric.equals("fail_ratio")) {
            if ("ms".equals(unit) || "s".equals(unit)) {
                throw new IllegalArgumentException(
                        "invalid --threshold '" + text + "': fail_ratio takes a fraction or a %");
            }
            value = "%".equals(unit) ? value / 100 : value;
        } else if (unit != null) {
            throw new IllegalArgumentException("invalid --threshold '" + text + "': rps takes a plain number");
        }
        return new Threshold(text.strip(), metric, m.group(2), value);
    }

    /**
     * @param stats the run's final statistics
     * @return the measured value of this rule's metric
     */
    public double measure(StatsSnapshot stats) {
        var total = stats.total();
        return switch (metric) {
            case "avg" -> total.avgResponseTime();
            case "median" -> total.medianResponseTime();
            case "min" -> total.minResponseTime() == null ? 0 : total.minResponseTime();
            case "max" -> total.maxResponseTime();
            case "fail_ratio" -> total.failRatio();
            case "rps" -> stats.totalRps(total);
            default -> total.percentile(Double.parseDouble(metric.substring(1)) / 100);
        };
    }

    /**
     * @param stats the run's final statistics
     * @return a one-line explanation when the rule is broken, empty when it holds
     */
    public Optional<String> check(StatsSnapshot stats) {
        double measured = measure(stats);
        boolean holds = switch (operator) {
            case "<" -> measured < limit;
            case "<=" -> measured <= limit;
            case ">" -> measured > limit;
            default -> measured >= limit;
        };
        if (holds) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(Locale.ROOT, "threshold '%s' failed: %s was %s", text, metric, format(measured)));
    }

    private String format(double measured) {
        if (metric.equals("fail_ratio")) {
            return String.format(Locale.ROOT, "%.4f", measured);
        }
        if (metric.equals("rps")) {
            return String.format(Locale.ROOT, "%.1f", measured);
        }
        return String.format(Locale.ROOT, "%.0fms", measured);
    }
}
