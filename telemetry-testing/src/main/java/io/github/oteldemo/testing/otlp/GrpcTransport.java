package io.github.oteldemo.testing.otlp;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** OTLP/gRPC: the three collector services generated from the OTLP protos, on one server. */
final class GrpcTransport implements AutoCloseable {

    private final Server server;

    GrpcTransport(InetSocketAddress address, Collector collector) {
        server = NettyServerBuilder.forAddress(address)
                .addService(new Traces(collector))
                .addService(new Metrics(collector))
                .addService(new Logs(collector))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP/gRPC receiver on " + address, e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static <T> void answer(Collector collector, Runnable keep, T response, StreamObserver<T> observer) {
        Reply reply;
        try {
            reply = collector.export(keep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            observer.onError(
                    Status.CANCELLED.withDescription("receiver closing").asRuntimeException());
            return;
        }
        if (reply.accepts()) {
            observer.onNext(response);
            observer.onCompleted();
        } else {
            observer.onError(Status.fromCode(reply.grpcCode())
                    .withDescription("fault injected by the test receiver")
                    .asRuntimeException());
        }
    }

    private static final class Traces extends TraceServiceGrpc.TraceServiceImplBase {
        private final Collector collector;

        Traces(Collector collector) {
            this.collector = collector;
        }

        @Override
        public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
            answer(
                    collector,
                    () -> collector.keepSpans(request.getResourceSpansList()),
                    ExportTraceServiceResponse.getDefaultInstance(),
                    observer);
        }
    }

    private static final class Metrics extends MetricsServiceGrpc.MetricsServiceImplBase {
        private final Collector collector;

        Metrics(Collector collector) {
            this.collector = collector;
        }

        @Override
        public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> observer) {
            answer(
                    collector,
                    () -> collector.keepMetrics(request.getResourceMetricsList()),
                    ExportMetricsServiceResponse.getDefaultInstance(),
                    observer);
        }
    }

    private static final class Logs extends LogsServiceGrpc.LogsServiceImplBase {
        private final Collector collector;

        Logs(Collector collector) {
            this.collector = collector;
        }

        @Override
        public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> observer) {
            answer(
                    collector,
                    () -> collector.keepLogs(request.getResourceLogsList()),
                    ExportLogsServiceResponse.getDefaultInstance(),
                    observer);
        }
    }
}
