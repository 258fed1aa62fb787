package io.github.oteldemo.loader.protocol;

import io.github.oteldemo.loader.stats.LatencyDistribution;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsEntryDict;
import io.github.oteldemo.loader.stats.StatsError;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Converts {@link StatsEntry} and {@link StatsError} to and from the dicts of Locust's
 * {@code StatsEntry.serialize} / {@code StatsError.serialize}.
 *
 * <p>An entry that still holds an exact histogram also carries it, compressed, under
 * {@value #HISTOGRAM_KEY}. Python Locust's {@code StatsEntry.unserialize} skips every key that
 * is not a {@code StatsEntryDict} field, so Python masters ignore it, while a Java master merges
 * exact percentiles.
 */
public final class StatsCodec {

    /** The extra entry key holding HdrHistogram's compressed encoding (microseconds). */
    public static final String HISTOGRAM_KEY = "hdr_histogram";

    /** Locust's {@code StatsEntryDict} keys, the fields every serialised entry has. */
    private static final String NAME = "name";

    private static final String METHOD = "method";

    private StatsCodec() {}

    /**
     * @param entry an entry (a copy the caller owns)
     * @return Locust's serialised dict, plus {@value #HISTOGRAM_KEY} when the entry is exact
     */
    public static Map<String, Object> toWire(StatsEntry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(NAME, entry.name());
        data.put(METHOD, entry.method());
        data.put("last_request_timestamp", entry.lastRequestTimestamp());
        data.put("start_time", entry.startTime());
        data.put("num_requests", entry.numRequests());
        data.put("num_none_requests", entry.numNoneRequests());
        data.put("num_failures", entry.numFailures());
        data.put("total_response_time", entry.totalResponseTime());
        data.put("max_response_time", entry.maxResponseTime());
        data.put("min_response_time", entry.minResponseTime());
        data.put("total_content_length", entry.totalContentLength());
        data.put("response_times", new LinkedHashMap<>(entry.responseTimes()));
        data.put("num_reqs_per_sec", new LinkedHashMap<>(entry.numReqsPerSec()));
        data.put("num_fail_per_sec", new LinkedHashMap<>(entry.numFailPerSec()));
        Histogram histogram = entry.histogram();
        if (histogram != null) {
            ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(buffer);
            byte[] bytes = new byte[length];
            buffer.flip();
            buffer.get(bytes);
            data.put(HISTOGRAM_KEY, bytes);
        }
        return data;
    }

    /**
     * Reads an entry a peer sent. A histogram that does not decode, does not fit a local
     * entry's range, or does not count the same requests as the entry is ignored: the entry
     * then merges like a Python peer's (Locust buckets only).
     *
     * @param value one serialised entry
     * @return the entry
     * @throws ProtocolException when a Locust field is missing or mistyped
     */
    public static StatsEntry entryFromWire(Object value) throws ProtocolException {
        WireFields fields = WireFields.of(value, "stats entry");
        String method = fields.optionalString(METHOD);
        double start = fields.number("start_time");
        long requests = fields.integer("num_requests");
        long untimed = fields.integer("num_none_requests", 0);
        return StatsEntry.restore(new StatsEntryDict(
                method == null ? "" : method,
                fields.string(NAME),
                fields.optionalNumber("last_request_timestamp"),
                start,
                requests,
                untimed,
                fields.integer("num_failures"),
                fields.number("total_response_time"),
                fields.number("max_response_time", 0),
                fields.optionalNumber("min_response_time"),
                fields.integer("total_content_length", 0),
                fields.counts("response_times"),
                fields.counts("num_reqs_per_sec"),
                fields.counts("num_fail_per_sec"),
                histogram(fields.optionalBytes(HISTOGRAM_KEY), requests - untimed)));
    }

    private static Histogram histogram(byte[] encoded, long timedRequests) {
        if (encoded == null) {
            return null;
        }
        try {
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
            return LatencyDistribution.fits(histogram) && histogram.getTotalCount() == timedRequests ? histogram : null;
        } catch (DataFormatException | RuntimeException e) {
            // A corrupt histogram costs exactness, not the report: the buckets still count.
            return null;
        }
    }

    /**
     * @param error an error group
     * @return Locust's serialised {@code StatsErrorDict}
     */
    public static Map<String, Object> toWire(StatsError error) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(NAME, error.name());
        data.put(METHOD, error.method());
        data.put("error", error.error());
        data.put("occurrences", error.occurrences());
        data.put("first_seen", error.firstSeen());
        data.put("last_seen", error.lastSeen());
        return data;
    }

    /**
     * @param value one serialised error group
     * @return the error
     * @throws ProtocolException when a field is missing or mistyped
     */
    public static StatsError errorFromWire(Object value) throws ProtocolException {
        WireFields fields = WireFields.of(value, "stats error");
        String method = fields.optionalString(METHOD);
        String error = fields.optionalString("error");
        return new StatsError(
                method == null ? "" : method,
                fields.string(NAME),
                error == null ? "None" : error,
                fields.integer("occurrences"),
                fields.optionalNumber("first_seen"),
                fields.optionalNumber("last_seen"));
    }
}
