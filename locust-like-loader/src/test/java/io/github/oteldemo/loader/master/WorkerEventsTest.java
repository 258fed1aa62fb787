package io.github.oteldemo.loader.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oteldemo.loader.protocol.ConnectionListener;
import io.github.oteldemo.loader.protocol.LocustVersion;
import io.github.oteldemo.loader.protocol.MasterSocket;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.runner.RunnerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When worker events stop a test, driven on the test thread with a hand-moved clock: the
 * distributed tests reach these cases only through real workers and real waits, if at all.
 */
class WorkerEventsTest {

    private static final Duration LIVENESS = Duration.ofSeconds(3);
    private static final Duration FORGET = Duration.ofSeconds(60);

    private final HandClock clock = new HandClock();
    // Nothing connects: what the master sends is dropped, as ZeroMQ drops it for an absent peer.
    private final MasterSocket socket = new MasterSocket("127.0.0.1", 0, new ConnectionListener() {
        @Override
        public void onMessage(Message message) {}
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final WorkerTable workers = new WorkerTable(LIVENESS, FORGET, socket.codec());
    private RunnerState state = RunnerState.READY;
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private final WorkerEvents events;

    WorkerEventsTest() {
        MasterSettings settings = MasterSettings.of("127.0.0.1", 0, Map.of("WebsiteUser", 1), null)
                .withHeartbeat(LIVENESS, FORGET);
        Ramp ramp = new Ramp(settings, socket, timers, clock, workers, () -> {}, restarts::incrementAndGet);
        events = new WorkerEvents(
                socket,
                workers,
                new WorkerResults(socket.codec()),
                new StopBarrier(socket, workers),
                ramp,
                null,
                clock,
                () -> state,
                stops::incrementAndGet);
        socket.start();
    }

    @AfterEach
    void close() {
        timers.shutdownNow();
        socket.close();
    }

    private void ready(String id) {
        events.handle(new Message(Message.CLIENT_READY, LocustVersion.WORKER, id));
    }

    private void heartbeat(String id) {
        events.handle(new Message(Message.HEARTBEAT, Map.of("state", "running", "current_cpu_usage", 1.0), id));
    }

    @Test
    void theLastWorkerToQuitStopsARunningTest() {
        ready("a");
        ready("b");
        state = RunnerState.RUNNING;

        events.handle(new Message(Message.QUIT, null, "a"));
        assertThat(stops).hasValue(0);
        events.handle(new Message(Message.QUIT, null, "b"));
        assertThat(stops).hasValue(1);
        assertThat(workers.all()).isEmpty();
    }

    @Test
    void workersLeavingStopNothingWhenNoTestRunsOrWhenTheySayTheyStopped() {
        ready("idle");
        events.handle(new Message(Message.QUIT, null, "idle"));

        ready("stopped");
        state = RunnerState.RUNNING;
        // Locust stops the test on the last quit only: a stopped worker comes back with client_ready.
        events.handle(new Message(Message.CLIENT_STOPPED, null, "stopped"));

        assertThat(stops).hasValue(0);
        assertThat(workers.all()).isEmpty();
    }

    @Test
    void theLastWorkerGoingSilentStopsTheTestAndAHeartbeatBringsItBack() {
        ready("a");
        state = RunnerState.RUNNING;

        clock.advance(LIVENESS);
        events.checkHeartbeats();
        assertThat(stops).hasValue(0);

        clock.advance(Duration.ofSeconds(1));
        events.checkHeartbeats();
        assertThat(workers.get("a").state).isEqualTo(RunnerState.MISSING);
        assertThat(stops).hasValue(1);

        heartbeat("a");
        assertThat(workers.get("a").state).isEqualTo(RunnerState.RUNNING);
        assertThat(workers.active()).hasSize(1);
    }

    @Test
    void aWorkerMissingTooLongIsForgottenAndTheRunningTestRespreadsItsUsers() {
        ready("a");
        ready("b");
        state = RunnerState.RUNNING;
        clock.advance(LIVENESS.plusSeconds(1));
        heartbeat("b");
        events.checkHeartbeats();
        assertThat(workers.get("a").state).isEqualTo(RunnerState.MISSING);
        assertThat(stops).as("b still runs").hasValue(0);

        clock.advance(FORGET.plusSeconds(1));
        heartbeat("b");
        events.checkHeartbeats();

        assertThat(workers.get("a")).isNull();
        assertThat(restarts).hasValue(1);
    }

    @Test
    void aMessageWhoseDataIsNotLocustsIsDroppedAndTheWorkerStays() {
        ready("a");
        clock.advance(Duration.ofSeconds(2));

        events.handle(new Message(Message.HEARTBEAT, "not a heartbeat", "a"));

        assertThat(workers.get("a").lastHeartbeat).isEqualTo(HandClock.START);
        assertThat(workers.active()).hasSize(1);
    }

    /** A clock that moves only when told, so liveness is checked at exact times. */
    private static final class HandClock extends Clock {
        static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
        private Instant now = START;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
