package io.github.oteldemo.testing.otlp;

import io.grpc.Status;
import java.time.Duration;

/**
 * How the receiver answers the next export: its status on each transport and how long it stalls
 * first.
 */
record Reply(Status.Code grpcCode, int httpStatus, Duration delay) {

    static final Reply ACCEPT = new Reply(Status.Code.OK, 200, Duration.ZERO);

    /**
     * A collector that answers with an error has not taken the data, so neither do we.
     * OtlpReceiver.respondWith keeps OK and HTTP 200 paired, so the gRPC code decides for both.
     */
    boolean accepts() {
        return grpcCode == Status.Code.OK;
    }
}
