import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's collector: an OTLP/gRPC endpoint that decodes every export and counts its spans
 * without keeping them, as a collector that forwards them would. The tests' receiver keeps every
 * span for its assertions, which at 20,000+ spans a second needed a 6 GB heap and took CPU for
 * its garbage collection from the two cores the app is measured on. Prints its endpoint, then
 * keeps the number of spans received in the file named by its argument.
 */
public class OtlpSink {
    public static void main(String[] args) throws Exception {
        Path countFile = Path.of(args[0]);
        LongAdder spans = new LongAdder();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request,
                            StreamObserver<ExportTraceServiceResponse> observer) {
                        request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList()
                                .forEach(scope -> spans.add(scope.getSpansCount())));
                        observer.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        observer.onCompleted();
                    }
                })
                .addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest request,
                            StreamObserver<ExportMetricsServiceResponse> observer) {
                        observer.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
        System.out.println("http://127.0.0.1:" + server.getPort());
        System.out.flush();
        while (true) {
            Files.writeString(countFile, Long.toString(spans.sum()));
            Thread.sleep(500);
        }
    }
}
