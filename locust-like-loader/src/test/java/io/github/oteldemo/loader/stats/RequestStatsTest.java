package io.github.oteldemo.loader.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RequestStatsTest {

    @Test
    void recordsRequestsFailuresAndGroupsErrors() {
        RequestStats stats = new RequestStats();
        stats.record("GET", "/", 10, 12, null);
        stats.record("GET", "/", 20, 12, "BadStatusCode('http://x/', code=500)");
        stats.record("GET", "/", 30, 12, "BadStatusCode('http://x/', code=500)");
        stats.record("POST", "/api", 5, 0, "ConnectionRefusedError(111, 'Connection refused')");

        StatsSnapshot snapshot = stats.snapshot();
        assertThat(snapshot.entries()).extracting(StatsEntry::name).containsExactly("/", "/api");
        assertThat(snapshot.total().numRequests()).isEqualTo(4);
        assertThat(snapshot.total().numFailures()).isEqualTo(3);
        assertThat(snapshot.errors()).extracting(StatsError::occurrences).containsExactly(2L, 1L);
        assertThat(snapshot.errors().get(0).key()).hasSize(64);
    }

    @Test
    void deltasTakenWhileRecordingAddUpToEveryRequestExactlyOnce() throws Exception {
        RequestStats worker = new RequestStats();
        RequestStats master = new RequestStats();
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    worker.record("GET", "/", 1 + i % 50, 10, i % 10 == 0 ? "boom" : null);
                }
                done.countDown();
            });
            recorders.add(thread);
            thread.start();
        }
        while (done.getCount() > 0) {
            master.merge(worker.takeDelta());
        }
        master.merge(worker.takeDelta());

        StatsEntry total = master.total();
        assertThat(total.numRequests()).isEqualTo((long) threads * perThread);
        assertThat(total.numFailures()).isEqualTo((long) threads * perThread / 10);
        assertThat(master.entries().get(0).numRequests()).isEqualTo((long) threads * perThread);
        assertThat(master.errors())
                .singleElement()
                .extracting(StatsError::occurrences)
                .isEqualTo((long) threads * perThread / 10);
        assertThat(total.histogram().getTotalCount()).isEqualTo((long) threads * perThread);
        assertThat(worker.total().numRequests()).isZero();
    }

    @Test
    void resetKeepsNamesAndClearsCounts() {
        RequestStats stats = new RequestStats();
        stats.record("GET", "/", 10, 12, "x");
        stats.reset();
        assertThat(stats.entries())
                .singleElement()
                .extracting(StatsEntry::numRequests)
                .isEqualTo(0L);
        assertThat(stats.errors()).isEmpty();
        assertThat(stats.total().numRequests()).isZero();
    }
}
