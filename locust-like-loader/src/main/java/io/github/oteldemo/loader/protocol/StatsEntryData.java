package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.oteldemo.loader.stats.LatencyDistribution;
import io.github.oteldemo.loader.stats.StatsEntry;
import io.github.oteldemo.loader.stats.StatsEntryDict;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A {@link StatsEntry} on the wire: Locust's {@code StatsEntry.serialize} dict, plus the exact
 * histogram of a Java peer, compressed, under {@code hdr_histogram}. Python Locust's
 * {@code StatsEntry.unserialize} skips every key that is not a {@code StatsEntryDict} field, so
 * Python masters ignore it, while a Java master merges exact percentiles.
 *
 * @param name                 request name
 * @param method               HTTP method; Locust's {@code Aggregated} entry has none
 * @param lastRequestTimestamp epoch seconds of the last request, or null
 * @param startTime            epoch seconds when counting started
 * @param numRequests          requests
 * @param numNoneRequests      requests without a response time (0 when left out)
 * @param numFailures          failures
 * @param totalResponseTime    sum of response times in ms
 * @param maxResponseTime      slowest in ms (0 when left out)
 * @param minResponseTime      fastest in ms, or null
 * @param totalContentLength   sum of body lengths (0 when left out)
 * @param responseTimes        Locust's rounded buckets
 * @param numReqsPerSec        epoch second to requests
 * @param numFailPerSec        epoch second to failures
 * @param hdrHistogram         HdrHistogram's compressed encoding (microseconds), or null
 */
public record StatsEntryData(
        @Required String name,
        String method,
        Double lastRequestTimestamp,
        @Required double startTime,
        @Required long numRequests,
        Long numNoneRequests,
        @Required long numFailures,
        @Required double totalResponseTime,
        Double maxResponseTime,
        Double minResponseTime,
        Long totalContentLength,
        @Required Map<Long, Long> responseTimes,
        @Required Map<Long, Long> numReqsPerSec,
        @Required Map<Long, Long> numFailPerSec,
        @JsonInclude(JsonInclude.Include.NON_NULL) byte[] hdrHistogram) {

    /**
     * @param entry an entry (a copy the caller owns)
     * @return its wire form, with the histogram when the entry is exact
     */
    public static StatsEntryData of(StatsEntry entry) {
        StatsEntryDict dict = entry.serialized();
        return new StatsEntryData(
                dict.name(),
                dict.method(),
                dict.lastRequestTimestamp(),
                dict.startTime(),
                dict.numRequests(),
                dict.numNoneRequests(),
                dict.numFailures(),
                dict.totalResponseTime(),
                dict.maxResponseTime(),
                dict.minResponseTime(),
                dict.totalContentLength(),
                dict.responseTimes(),
                dict.numReqsPerSec(),
                dict.numFailPerSec(),
                encode(dict.histogram()));
    }

    /**
     * Restores the entry. A histogram that does not decode, does not fit a local entry's range,
     * or does not count the same requests as the entry is ignored: the entry then merges like a
     * Python peer's (Locust buckets only).
     *
     * @return the entry
     */
    public StatsEntry toEntry() {
        long untimed = numNoneRequests == null ? 0 : numNoneRequests;
        return StatsEntry.restore(new StatsEntryDict(
                method == null ? "" : method,
                name,
                lastRequestTimestamp,
                startTime,
                numRequests,
                untimed,
                numFailures,
                totalResponseTime,
                maxResponseTime == null ? 0 : maxResponseTime,
                minResponseTime,
                totalContentLength == null ? 0 : totalContentLength,
                responseTimes,
                numReqsPerSec,
                numFailPerSec,
                decode(hdrHistogram, numRequests - untimed)));
    }

    private static byte[] encode(Histogram histogram) {
        if (histogram == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    private static Histogram decode(byte[] encoded, long timedRequests) {
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
}
