package io.github.oteldemo.systemtest;

import io.github.oteldemo.testing.otlp.OtlpAttributes;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What reached the end of the pipeline (the test's receiver behind the gateway), read for assertions. */
final class Received {

    /** One number a metric carried in one export, with the resource and point attributes. */
    record Point(
            String metric,
            Map<String, Object> resource,
            Map<String, Object> attributes,
            double value,
            long startTimeUnixNano,
            long timeUnixNano) {}

    /** A span with its resource attributes. */
    record ServiceSpan(Map<String, Object> resource, Span span) {}

    private final OtlpReceiver receiver;

    Received(OtlpReceiver receiver) {
        this.receiver = receiver;
    }

    List<ServiceSpan> spansOf(String serviceName) {
        List<ServiceSpan> spans = new ArrayList<>();
        for (ResourceSpans batch : receiver.resourceSpans()) {
            Map<String, Object> resource =
                    OtlpAttributes.asMap(batch.getResource().getAttributesList());
            if (serviceName.equals(resource.get("service.name"))) {
                for (ScopeSpans scope : batch.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> spans.add(new ServiceSpan(resource, span)));
                }
            }
        }
        return spans;
    }

    /** Every number data point (sums and gauges) of the metric, in arrival order. */
    List<Point> points(String name) {
        List<Point> points = new ArrayList<>();
        for (ResourceMetrics batch : receiver.resourceMetrics()) {
            Resource resource = batch.getResource();
            for (ScopeMetrics scope : batch.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    if (metric.getName().equals(name)) {
                        numbers(metric)
                                .forEach(point -> points.add(new Point(
                                        name,
                                        OtlpAttributes.asMap(resource.getAttributesList()),
                                        OtlpAttributes.asMap(point.getAttributesList()),
                                        point.hasAsInt() ? point.getAsInt() : point.getAsDouble(),
                                        point.getStartTimeUnixNano(),
                                        point.getTimeUnixNano())));
                    }
                }
            }
        }
        return points;
    }

    /** The value of the metric's most recent point, or -1 when none arrived. */
    double latest(String name) {
        List<Point> points = points(name);
        return points.isEmpty() ? -1 : points.get(points.size() - 1).value();
    }

    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (ResourceMetrics batch : receiver.resourceMetrics()) {
            for (ScopeMetrics scope : batch.getScopeMetricsList()) {
                scope.getMetricsList().forEach(metric -> names.add(metric.getName()));
            }
        }
        return names;
    }

    /** Every number point of every metric whose name starts with the prefix. */
    List<Point> pointsStartingWith(String prefix) {
        List<Point> points = new ArrayList<>();
        metricNames().stream().filter(name -> name.startsWith(prefix)).forEach(name -> points.addAll(points(name)));
        return points;
    }

    private static List<NumberDataPoint> numbers(Metric metric) {
        return switch (metric.getDataCase()) {
            case SUM -> metric.getSum().getDataPointsList();
            case GAUGE -> metric.getGauge().getDataPointsList();
            default -> List.of();
        };
    }
}
