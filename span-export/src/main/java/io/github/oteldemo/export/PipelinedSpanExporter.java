package io.github.oteldemo.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets the batch span processor hand over its next batch while earlier ones are still on their
 * way, up to {@code maxInFlight} exports at once.
 *
 * <p>The SDK's processor exports one batch at a time and waits for the answer before it takes
 * the next, so its throughput is one batch per round trip: serialising, the network, and the
 * collector reading and queueing the request, with a scheduling delay at each hand-over when the
 * cores are busy. At the load test's rate on two shared cores, a round trip for 4,096 spans took
 * 30 to 120 ms (JFR: the exporter thread's reads of the answer), against the 80 ms that 50,000
 * spans a second allow, and the queue overflowed: 1-15 % of spans dropped over gRPC and over
 * http/protobuf (bench/pipeline/run.sh). Larger batches would amortise the round trip, but the
 * collector's OTLP gRPC receiver refuses messages over 4 MiB (a span here is about 370 bytes of
 * OTLP), and the spans they hold lengthen the app's GC pauses ({@link HighRateSpanExport}). With
 * a second export in flight, the processor builds and sends a batch while the collector works on
 * the previous one.
 *
 * <p>{@link #export} returns once the batch is handed to the wrapped exporter (after waiting for
 * a free slot, at most {@code timeoutNanos}); the wrapped exporter reports its own failures, as
 * it does under the processor. The processor clears its list once {@code export} returns, so the
 * batch is copied first. {@link #flush} and {@link #shutdown} wait for the exports in flight.
 */
final class PipelinedSpanExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final Semaphore slots;
    private final long timeoutNanos;
    private final Set<CompletableResultCode> inFlight = ConcurrentHashMap.newKeySet();

    PipelinedSpanExporter(SpanExporter delegate, int maxInFlight, long timeoutNanos) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.delegate = delegate;
        this.slots = new Semaphore(maxInFlight);
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        try {
            if (!slots.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return CompletableResultCode.ofFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableResultCode.ofFailure();
        }
        CompletableResultCode result;
        try {
            result = delegate.export(List.copyOf(spans));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        // Added before the callback: a result that is already complete runs it at once.
        inFlight.add(result);
        result.whenComplete(() -> {
            inFlight.remove(result);
            slots.release();
        });
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return afterInFlight(delegate::flush);
    }

    @Override
    public CompletableResultCode shutdown() {
        return afterInFlight(delegate::shutdown);
    }

    /** Runs {@code then} once every export in flight now has finished; its result is the answer. */
    private CompletableResultCode afterInFlight(java.util.function.Supplier<CompletableResultCode> then) {
        CompletableResultCode done = new CompletableResultCode();
        CompletableResultCode.ofAll(List.copyOf(inFlight)).whenComplete(() -> {
            CompletableResultCode next = then.get();
            next.whenComplete(() -> {
                if (next.isSuccess()) {
                    done.succeed();
                } else {
                    done.fail();
                }
            });
        });
        return done;
    }

    @Override
    public String toString() {
        return "PipelinedSpanExporter{" + delegate + ", slots=" + slots.availablePermits() + "}";
    }
}
