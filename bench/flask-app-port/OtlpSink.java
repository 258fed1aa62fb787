import io.github.oteldemo.testing.otlp.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's collector: the tests' real OTLP receiver, run on its own. Prints its gRPC
 * endpoint, then keeps the number of spans received in the file named by its argument.
 */
public class OtlpSink {
    public static void main(String[] args) throws Exception {
        Path countFile = Path.of(args[0]);
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            System.out.println(receiver.grpcEndpoint());
            System.out.flush();
            while (true) {
                Files.writeString(countFile, Integer.toString(receiver.spans().size()));
                Thread.sleep(500);
            }
        }
    }
}
