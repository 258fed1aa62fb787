package io.github.oteldemo.testing.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** OTLP/gRPC: the three collector services generated from the OTLP protos, on one server. */
final class GrpcTransport implements AutoCloseable {

    private final Server server;

    GrpcTransport(InetSocketAddress address, Collector collector) {
        server = NettyServerBuilder.forAddress(address)
                .addService(collector.keeps() ? new Traces(collector).bindService() : countedTraces(collector))
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

    /**
     * The trace service of count-only mode: the same gRPC method, with a request marshaller that
     * counts the spans ({@link SpanCount}) instead of building the request.
     */
    private static ServerServiceDefinition countedTraces(Collector collector) {
        MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> export =
                TraceServiceGrpc.getExportMethod();
        MethodDescriptor<Long, ExportTraceServiceResponse> counted = export.toBuilder(
                        new SpanCountMarshaller(), export.getResponseMarshaller())
                .build();
        return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(
                        counted,
                        ServerCalls.asyncUnaryCall((spans, observer) -> answer(
                                collector,
                                () -> collector.countSpans(spans),
                                ExportTraceServiceResponse.getDefaultInstance(),
                                observer)))
                .build();
    }

    private static final class SpanCountMarshaller implements MethodDescriptor.Marshaller<Long> {
        @Override
        public InputStream stream(Long value) {
            throw new UnsupportedOperationException("a receiver only reads trace exports");
        }

        @Override
        public Long parse(InputStream message) {
            try {
                return SpanCount.in(message);
            } catch (IOException e) {
                throw Status.INTERNAL
                        .withDescription("invalid OTLP trace export: " + e.getMessage())
                        .withCause(e)
                        .asRuntimeException();
            }
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
