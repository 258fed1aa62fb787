package io.github.oteldemo.loader.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    /** {@code Message("client_ready", "", "x").serialize()} by Debian's Locust 2.12.1 (its version is empty). */
    private static final String PYTHON_CLIENT_READY = "93ac636c69656e745f7265616479a0a178";

    @Test
    void decodesWhatPythonLocustSends() throws ProtocolException {
        Message message = MessageCodec.decode(HexFormat.of().parseHex(PYTHON_CLIENT_READY));
        assertThat(message).isEqualTo(new Message("client_ready", "", "x"));
    }

    @Test
    void encodesAsLocustDoes() {
        // msgpack.dumps(("ack", {"index": 0}, "x")).hex() in Python
        assertThat(HexFormat.of().formatHex(MessageCodec.encode(new Message("ack", Map.of("index", 0), "x"))))
                .isEqualTo("93a361636b81a5696e64657800a178");
    }

    @Test
    void roundTripsEveryValueKind() throws ProtocolException {
        Map<Object, Object> data = new LinkedHashMap<>();
        data.put("nil", null);
        data.put("bool", true);
        data.put("int", -1L);
        data.put("big", Long.MAX_VALUE);
        data.put("float", 1.5);
        data.put("text", "héllo");
        data.put("list", List.of(1L, "two"));
        data.put(150L, 3L);
        data.put("when", LocalDateTime.of(2026, 11, 24, 23, 30, 1, 123_456_000));
        data.put("instant", Instant.ofEpochSecond(1_700_000_000L, 5));
        Message decoded = MessageCodec.decode(MessageCodec.encode(new Message("custom", data, "node_1")));
        assertThat(decoded.type()).isEqualTo("custom");
        assertThat(decoded.nodeId()).isEqualTo("node_1");
        assertThat(decoded.data()).isEqualTo(data);
    }

    @Test
    void bytesStayBinary() throws ProtocolException {
        Message decoded = MessageCodec.decode(MessageCodec.encode(new Message("custom", new byte[] {1, 2, 3}, "n")));
        assertThat((byte[]) decoded.data()).containsExactly(1, 2, 3);
    }

    @Test
    void datetimeTravelsAsLocustEncodesIt() throws ProtocolException {
        // Locust 2.20+: {"__datetime__": True, "as_str": "20261124T23:30:01.000042"}
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("__datetime__", true);
        wire.put("as_str", "20261124T23:30:01.000042");
        Message decoded = MessageCodec.decode(MessageCodec.encode(new Message("custom", wire, "n")));
        assertThat(decoded.data()).isEqualTo(LocalDateTime.of(2026, 11, 24, 23, 30, 1, 42_000));
    }

    @Test
    void rejectsWhatIsNotAMessage() {
        assertThatThrownBy(() -> MessageCodec.decode(HexFormat.of().parseHex("a3616263")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("message is not a msgpack array");
        assertThatThrownBy(() -> MessageCodec.decode(HexFormat.of().parseHex("92a161a162")))
                .hasMessage("message has 2 elements, expected [type, data, node_id]");
        assertThatThrownBy(() -> MessageCodec.decode(HexFormat.of().parseHex("9301c0a178")))
                .hasMessage("message type is not a string: 1");
        assertThatThrownBy(() -> MessageCodec.decode(HexFormat.of().parseHex("93a161c0")))
                .hasMessageStartingWith("malformed msgpack");
        assertThatThrownBy(() -> MessageCodec.decode(new byte[0])).hasMessage("message is not a msgpack array");
    }

    @Test
    void refusesValuesMsgpackCannotCarry() {
        assertThatThrownBy(() -> MessageCodec.encode(new Message("custom", new Object(), "n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot send a java.lang.Object over msgpack");
    }

    @Test
    void aLengthTheFrameOnlyDeclaresIsRefusedBeforeAnythingIsAllocated() {
        // [array32 of 2^31 - 1 elements] in six bytes, and a str32 of 2 GB.
        assertThatThrownBy(() ->
                        MessageCodec.decode(new byte[] {(byte) 0x93, (byte) 0xa1, 'x', (byte) 0xdd, 0x7f, -1, -1, -1}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds the 0 bytes left in the frame");
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {(byte) 0x93, (byte) 0xdb, 0x7f, -1, -1, -1, 'x'}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("declared length 2147483647");
    }

    @Test
    void nestingDeeperThanAnyLocustMessageIsRefused() {
        byte[] deep = new byte[10_000];
        deep[0] = (byte) 0x93;
        deep[1] = (byte) 0xa1;
        deep[2] = 'x';
        java.util.Arrays.fill(deep, 3, deep.length, (byte) 0x91);
        assertThatThrownBy(() -> MessageCodec.decode(deep))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("msgpack nested deeper than 32 levels");
    }
}
