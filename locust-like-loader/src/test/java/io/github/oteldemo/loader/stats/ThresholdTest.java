package io.github.oteldemo.loader.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {

    private static StatsSnapshot run() {
        RequestStats stats = new RequestStats();
        for (int i = 1; i <= 100; i++) {
            stats.record("GET", "/", i, 10, i <= 2 ? "boom" : null); // 1..100 ms, 2% failures
        }
        return stats.snapshot();
    }

    @Test
    void parsesUnitsAndChecksTheAggregatedStats() {
        StatsSnapshot stats = run();
        assertThat(Threshold.parse("p95<200ms").check(stats)).isEmpty();
        assertThat(Threshold.parse("p95 < 0.05s").check(stats))
                .contains("threshold 'p95 < 0.05s' failed: p95 was 95ms");
        assertThat(Threshold.parse("p99.9<=100").limit()).isEqualTo(100);
        assertThat(Threshold.parse("fail_ratio<0.01").check(stats))
                .contains("threshold 'fail_ratio<0.01' failed: fail_ratio was 0.0200");
        assertThat(Threshold.parse("fail_ratio<5%").check(stats)).isEmpty();
        assertThat(Threshold.parse("avg<=50.5ms").check(stats)).isEmpty();
        assertThat(Threshold.parse("max>=100").check(stats)).isEmpty();
    }

    @Test
    void rejectsWhatItCannotCheck() {
        assertThatThrownBy(() -> Threshold.parse("latency<3")).hasMessageContaining("invalid --threshold 'latency<3'");
        assertThatThrownBy(() -> Threshold.parse("p95<5%")).hasMessageContaining("a time takes ms or s");
        assertThatThrownBy(() -> Threshold.parse("rps>5ms")).hasMessageContaining("rps takes a plain number");
    }
}
