package io.github.oteldemo.testing.otlp;

import java.time.Instant;
import java.util.Optional;

/**
 * How much has arrived since the receiver started or was last reset.
 *
 * @param exportRequests export calls on either transport, rejected ones included
 * @param spans spans in accepted exports
 * @param metricPoints metric data points in accepted exports
 * @param logRecords log records in accepted exports
 * @param firstExport when the first export call arrived, if one did
 */
public record OtlpCounts(
        long exportRequests, long spans, long metricPoints, long logRecords, Optional<Instant> firstExport) {

    OtlpCounts(long exportRequests, long spans, long metricPoints, long logRecords, Instant firstExport) {
        this(exportRequests, spans, metricPoints, logRecords, Optional.ofNullable(firstExport));
    }
}
