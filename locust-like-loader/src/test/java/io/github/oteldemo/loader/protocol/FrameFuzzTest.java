package io.github.oteldemo.loader.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.oteldemo.loader.stats.RequestStats;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whatever bytes arrive as a ZeroMQ frame, decoding them and reading them as any message a
 * master or worker handles either works or ends in a {@link ProtocolException} (which both
 * log and survive): no other exception, no stack overflow. Decoding never allocates out of
 * proportion to the frame (no length the frame only declares is reserved), so a hostile peer
 * cannot make a master or worker run out of memory with small frames. {@code ./mvnw verify}
 * fuzzes for the fixed time below, seeded with real Locust 2.47 frames.
 */
class FrameFuzzTest {

    /**
     * What decoding a frame may allocate: boxed values, map keys as text and collections, a few
     * dozen times its size, plus one exception with its stack trace (deep under the fuzzer). A
     * reserved length that only the frame declares would be megabytes at least.
     */
    private static final long ALLOCATION_PER_BYTE = 64;

    private static final long ALLOCATION_BASE = 1L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final MessageCodec CODEC = new MessageCodec();

    @FuzzTest(maxDuration = "30s")
    void hostileFramesAreRejectedWithoutCrashOrBloat(byte[] frame) {
        Message message = decodeMeasured(frame);
        if (message == null) {
            return;
        }
        for (Reader reader : READERS) {
            try {
                reader.read(message);
            } catch (ProtocolException e) {
                // named and logged by the receiver, which carries on
            }
        }
        LocustVersion.check(message.data());
    }

    /**
     * Decodes twice and measures the second time: the first run of a code path loads classes
     * and lets the fuzzer instrument them, which is no cost of the frame.
     *
     * @return the message, or null when the frame is rejected
     */
    private static Message decodeMeasured(byte[] frame) {
        for (int run = 0; ; run++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            Message message;
            try {
                message = CODEC.decode(frame);
            } catch (ProtocolException e) {
                message = null;
            }
            if (run == 1) {
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                assertThat(allocated)
                        .as("bytes allocated decoding a frame of %d bytes", frame.length)
                        .isLessThan(ALLOCATION_BASE + ALLOCATION_PER_BYTE * frame.length);
                return message;
            }
        }
    }

    /** One way a master or worker reads a message's data. */
    private interface Reader {
        void read(Message message) throws ProtocolException;
    }

    private static final List<Reader> READERS = List.of(
            m -> new RequestStats()
                    .merge(WorkerReport.fromWire(CODEC.read(m, WorkerReport.Wire.class))
                            .toRequestStats()),
            m -> CODEC.read(m, SpawnCommand.class),
            m -> CODEC.read(m, WorkerHeartbeat.class),
            m -> CODEC.read(m, UserException.class),
            m -> CODEC.read(m, WorkerLogs.class),
            m -> CODEC.read(m, SpawningComplete.class),
            m -> CODEC.read(m, RampUpComplete.class),
            m -> CODEC.read(m, Ack.class),
            m -> CODEC.read(m, UserClassUpdate.class),
            m -> CODEC.read(m, LocustfileRequest.class));
}
