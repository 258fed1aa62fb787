package io.github.oteldemo.loader.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A peer that declares a frame over the limit is dropped before anything is read or reserved. */
class OversizeFrameTest {

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> malformed = new LinkedBlockingQueue<>();

    @Test
    void aFrameOverTheLimitNeverReachesTheMasterAndOtherWorkersStillDo() throws Exception {
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void onMessage(Message message) {
                messages.add(message);
            }

            @Override
            public void onMalformed(String peer, ProtocolException error) {
                malformed.add(peer + ": " + error.getMessage());
            }
        };
        try (MasterSocket master = new MasterSocket("127.0.0.1", 0, listener);
                ZContext peers = new ZContext(1)) {
            master.start();
            String endpoint = "tcp://127.0.0.1:" + master.port();

            ZMQ.Socket hostile = dealer(peers, "hostile", endpoint);
            hostile.send(new byte[Math.toIntExact(ZmqConnection.MAX_FRAME_BYTES + 1)]);
            ZMQ.Socket worker = dealer(peers, "worker_1", endpoint);
            worker.send(master.codec().encode(new Message(Message.CLIENT_READY, "2.47.0", "worker_1")));

            Message first = messages.poll(30, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.nodeId()).isEqualTo("worker_1");
            // The hostile peer had a head start; anything it got through would be here by now.
            Thread.sleep(500);
            assertThat(messages).isEmpty();
            assertThat(malformed).isEmpty();
        }
    }

    private static ZMQ.Socket dealer(ZContext context, String identity, String endpoint) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setIdentity(identity.getBytes(StandardCharsets.UTF_8));
        socket.connect(endpoint);
        return socket;
    }
}
