package io.github.oteldemo.loader.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatsEntryTest {

    @Test
    void roundsResponseTimesLikeLocust() {
        assertThat(ResponseTimeBuckets.round(47.4)).isEqualTo(47);
        assertThat(ResponseTimeBuckets.round(2.5)).isEqualTo(2); // Python rounds half to even
        assertThat(ResponseTimeBuckets.round(147)).isEqualTo(150);
        assertThat(ResponseTimeBuckets.round(3432)).isEqualTo(3400);
        assertThat(ResponseTimeBuckets.round(58760)).isEqualTo(59000);
    }

    @Test
    void bucketPercentilesAndMedianMatchLocust() {
        // {response time: count} as Locust keeps it; expected values printed by Locust 2.12's
        // calculate_response_time_percentile and median_from_dict for the same dict.
        TreeMap<Long, Long> buckets = new TreeMap<>(Map.of(10L, 5L, 20L, 3L, 100L, 2L));
        assertThat(ResponseTimeBuckets.percentile(buckets, 10, 0.3)).isEqualTo(10);
        assertThat(ResponseTimeBuckets.percentile(buckets, 10, 0.5)).isEqualTo(20);
        assertThat(ResponseTimeBuckets.percentile(buckets, 10, 0.8)).isEqualTo(100);
        assertThat(ResponseTimeBuckets.percentile(buckets, 10, 0.9)).isEqualTo(100);
        assertThat(ResponseTimeBuckets.percentile(buckets, 10, 1.0)).isEqualTo(100);
        assertThat(ResponseTimeBuckets.median(10, buckets)).isEqualTo(10);
        assertThat(ResponseTimeBuckets.percentile(new TreeMap<>(), 0, 0.5)).isZero();
    }

    @Test
    void keepsExactPercentilesUntilAnEntryWithoutHistogramIsMerged() {
        StatsEntry entry = new StatsEntry("GET", "/", 1000);
        for (int i = 1; i <= 1000; i++) {
            entry.log(i * 0.1 + 100, 12, 1000.5); // 100.1 .. 200.0 ms
        }
        assertThat(entry.percentile(0.5)).isEqualTo(150);
        assertThat(entry.percentile(0.99)).isEqualTo(199);
        assertThat(entry.avgContentLength()).isEqualTo(12.0);

        StatsEntry fromPython = StatsEntry.restore(new StatsEntryDict(
                "GET",
                "/",
                1001.0,
                999,
                2,
                0,
                0,
                2000,
                1000,
                1000.0,
                0,
                Map.of(1000L, 2L),
                Map.of(1001L, 2L),
                Map.of(),
                null));
        entry.extend(fromPython);

        assertThat(entry.histogram()).isNull();
        assertThat(entry.numRequests()).isEqualTo(1002);
        assertThat(entry.startTime()).isEqualTo(999);
        assertThat(entry.lastRequestTimestamp()).isEqualTo(1001.0);
        assertThat(entry.maxResponseTime()).isEqualTo(1000);
        assertThat(entry.percentile(1.0)).isEqualTo(1000);
        assertThat(entry.numReqsPerSec()).containsEntry(1000L, 1000L).containsEntry(1001L, 2L);
    }

    @Test
    void currentRpsAveragesTheWindowBeforeTheLastTwoSeconds() {
        StatsEntry entry = new StatsEntry("GET", "/", 100);
        for (long second = 100; second < 120; second++) {
            for (int i = 0; i < 10; i++) {
                entry.log(1, 0, second + 0.5);
            }
        }
        // Window [119 - 12, 119 - 2) = 10 seconds of 10 requests each.
        StatsSnapshot run = new StatsSnapshot(119.9, List.of(entry), entry, List.of());
        assertThat(run.currentRps(entry)).isEqualTo(10.0);
        assertThat(entry.currentPercentile(0.5, 119.9)).isEqualTo(1L);
    }
}
