package io.github.oteldemo.loader.stats;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A {@link StatsEntry} as Locust serialises it ({@code StatsEntryDict}: what workers send and
 * {@code StatsEntry.unserialize} reads), plus the exact histogram a Java peer adds.
 *
 * @param method               HTTP method
 * @param name                 request name
 * @param lastRequestTimestamp epoch seconds of the last request, or null
 * @param startTime            epoch seconds when counting started
 * @param numRequests          requests
 * @param numNoneRequests      requests without a response time
 * @param numFailures          failures
 * @param totalResponseTime    sum of response times in ms
 * @param maxResponseTime      slowest in ms
 * @param minResponseTime      fastest in ms, or null
 * @param totalContentLength   sum of body lengths
 * @param responseTimes        Locust's rounded buckets
 * @param numReqsPerSec        epoch second to requests
 * @param numFailPerSec        epoch second to failures
 * @param histogram            the exact histogram, or null
 */
public record StatsEntryDict(
        String method,
        String name,
        Double lastRequestTimestamp,
        double startTime,
        long numRequests,
        long numNoneRequests,
        long numFailures,
        double totalResponseTime,
        double maxResponseTime,
        Double minResponseTime,
        long totalContentLength,
        Map<Long, Long> responseTimes,
        Map<Long, Long> numReqsPerSec,
        Map<Long, Long> numFailPerSec,
        Histogram histogram) {}
