package io.github.oteldemo.loader.web;

import io.github.oteldemo.loader.runner.ArrivalRateRunner;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsSnapshot;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /metrics}: the run's statistics in Prometheus text format, built from a stats
 * snapshot at scrape time (the stats are the source of truth, so nothing is double-counted).
 */
final class PrometheusMetrics {

    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};

    private final LoadRunner runner;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    PrometheusMetrics(LoadRunner runner) {
        this.runner = runner;
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, collect());
    }

    MetricSnapshots collect() {
        StatsSnapshot stats = runner.stats().snapshot();
        List<StatsEntry> entries = new ArrayList<>(stats.entries());
        CounterSnapshot.Builder requests =
                CounterSnapshot.builder().name("locust_requests").help("Requests sent, failed ones included");
        CounterSnapshot.Builder failures =
                CounterSnapshot.builder().name("locust_failures").help("Requests that failed");
        SummarySnapshot.Builder latency =
                SummarySnapshot.builder().name("locust_response_time_seconds").help("Response time of requests");
        GaugeSnapshot.Builder currentRps =
                GaugeSnapshot.builder().name("locust_current_rps").help("Requests per second over the last 10 seconds");
        for (StatsEntry e : entries) {
            Labels labels = Labels.of("method", e.method(), "name", e.name());
            requests.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(labels)
                    .value(e.numRequests())
                    .build());
            failures.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(labels)
                    .value(e.numFailures())
                    .build());
            Quantiles.Builder quantiles = Quantiles.builder();
            for (double q : QUANTILES) {
                quantiles.quantile(new Quantile(q, e.numRequests() == 0 ? Double.NaN : e.percentile(q) / 1000.0));
            }
            latency.dataPoint(SummaryDataPointSnapshot.builder()
                    .labels(labels)
                    .quantiles(quantiles.build())
                    .count(e.numRequests() - e.numNoneRequests())
                    .sum(e.totalResponseTime() / 1000.0)
                    .build());
            currentRps.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(labels)
                    .value(stats.currentRps(e))
                    .build());
        }
        currentRps.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("method", "", "name", StatsEntry.AGGREGATED))
                .value(stats.currentRps(stats.total()))
                .build());
        GaugeSnapshot.Builder failRatio = GaugeSnapshot.builder()
                .name("locust_fail_ratio")
                .help("Failed requests divided by requests, all entries together")
                .dataPoint(GaugeDataPointSnapshot.builder()
                        .value(stats.total().failRatio())
                        .build());
        GaugeSnapshot.Builder users = GaugeSnapshot.builder()
                .name("locust_users")
                .help("Users running")
                .dataPoint(GaugeDataPointSnapshot.builder()
                        .value(runner.userCount())
                        .build());
        GaugeSnapshot.Builder workers = GaugeSnapshot.builder()
                .name("locust_workers")
                .help("Connected workers")
                .dataPoint(GaugeDataPointSnapshot.builder()
                        .value(runner.workers().size())
                        .build());
        GaugeSnapshot.Builder state =
                GaugeSnapshot.builder().name("locust_state").help("1 for the runner's current state");
        for (RunnerState s : RunnerState.values()) {
            state.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("state", s.locustName()))
                    .value(runner.state() == s ? 1 : 0)
                    .build());
        }
        CounterSnapshot.Builder errors =
                CounterSnapshot.builder().name("locust_errors").help("Failures grouped by error message");
        stats.errors()
                .forEach(err -> errors.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("method", err.method(), "name", err.name(), "error", err.error()))
                        .value(err.occurrences())
                        .build()));
        MetricSnapshots.Builder all = MetricSnapshots.builder()
                .metricSnapshot(requests.build())
                .metricSnapshot(failures.build())
                .metricSnapshot(errors.build())
                .metricSnapshot(latency.build())
                .metricSnapshot(currentRps.build())
                .metricSnapshot(failRatio.build())
                .metricSnapshot(users.build())
                .metricSnapshot(workers.build())
                .metricSnapshot(state.build());
        if (runner instanceof ArrivalRateRunner arrivals) {
            all.metricSnapshot(CounterSnapshot.builder()
                    .name("locust_dropped_starts")
                    .help("Open-model request starts skipped because every connection was busy")
                    .dataPoint(CounterDataPointSnapshot.builder()
                            .value(arrivals.droppedStarts())
                            .build())
                    .build());
        }
        return all.build();
    }
}
