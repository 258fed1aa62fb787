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

    private final MessageCodec codec = new MessageCodec();

    /** {@code Message("client_ready", "", "x").serialize()} by Debian's Locust 2.12.1 (its version is empty). */
    private static final String PYTHON_CLIENT_READY = "93ac636c69656e745f7265616479a0a178";

    @Test
    void decodesWhatPythonLocustSends() throws ProtocolException {
        Message message = codec.decode(HexFormat.of().parseHex(PYTHON_CLIENT_READY));
        assertThat(message).isEqualTo(new Message("client_ready", "", "x"));
    }

    @Test
    void encodesAsLocustDoes() {
        // msgpack.dumps(("ack", {"index": 0}, "x")).hex() in Python
        assertThat(HexFormat.of().formatHex(codec.encode(new Message("ack", new Ack(0), "x"))))
                .isEqualTo("93a361636b81a5696e64657800a178");
        // msgpack.dumps(("x", {150: 3, "a": 1.5, "b": None}, "n")).hex(): integer keys stay integers.
        Map<Object, Object> buckets = new LinkedHashMap<>();
        buckets.put(150L, 3);
        buckets.put("a", 1.5);
        buckets.put("b", null);
        assertThat(HexFormat.of().formatHex(codec.encode(new Message("x", buckets, "n"))))
                .isEqualTo("93a17883cc9603a161cb3ff8000000000000a162c0a16e");
    }

    @Test
    void roundTripsEveryValueKindAsPythonSeesIt() throws ProtocolException {
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
        Message decoded = codec.decode(codec.encode(new Message("custom", data, "node_1")));
        assertThat(decoded.type()).isEqualTo("custom");
        assertThat(decoded.nodeId()).isEqualTo("node_1");
        // Python's dict keeps 150 a number; Jackson's maps are keyed by text.
        data.put("150", data.remove(150L));
        assertThat(decoded.data()).isEqualTo(data);
    }

    @Test
    void extensionsOtherThanTimestampsStayAsTheyCame() throws ProtocolException {
        Message decoded = codec.decode(codec.encode(
                new Message("custom", new MessageCodec.Extension((byte) 7, new byte[] {1, 2}), "n")));
        assertThat(decoded.data()).isInstanceOfSatisfying(MessageCodec.Extension.class, ext -> {
            assertThat(ext.type()).isEqualTo((byte) 7);
            assertThat(ext.data()).containsExactly(1, 2);
        });
    }

    @Test
    void readsARecordIgnoringFieldsANewerLocustAdds() throws ProtocolException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("timestamp", 5L);
        data.put("user_classes_count", Map.of("WebsiteUser", 2.0));
        data.put("host", null);
        data.put("stop_timeout", 1L);
        data.put("a_field_of_locust_3", List.of(1, 2));
        Message received = codec.decode(codec.encode(new Message(Message.SPAWN, data, "w")));
        assertThat(codec.read(received, SpawnCommand.class))
                .isEqualTo(new SpawnCommand(5, Map.of("WebsiteUser", 2), null, 1.0, Map.of()));
        assertThatThrownBy(() -> codec.read(new Message(Message.SPAWN, null, "w"), SpawnCommand.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("spawn data is missing");
    }

    @Test
    void bytesStayBinary() throws ProtocolException {
        Message decoded = codec.decode(codec.encode(new Message("custom", new byte[] {1, 2, 3}, "n")));
        assertThat((byte[]) decoded.data()).containsExactly(1, 2, 3);
    }

    @Test
    void datetimeTravelsAsLocustEncodesIt() throws ProtocolException {
        // Locust 2.20+: {"__datetime__": True, "as_str": "20261124T23:30:01.000042"}
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("__datetime__", true);
        wire.put("as_str", "20261124T23:30:01.000042");
        Message decoded = codec.decode(codec.encode(new Message("custom", wire, "n")));
        assertThat(decoded.data()).isEqualTo(LocalDateTime.of(2026, 11, 24, 23, 30, 1, 42_000));
    }

    @Test
    void rejectsWhatIsNotAMessage() {
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("a3616263")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("message is not a msgpack array");
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("92a161a162")))
                .hasMessage("message has 2 elements, expected [type, data, node_id]");
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("9301c0a178")))
                .hasMessage("message type is not a string but INTEGER");
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("93a161c0c3")))
                .hasMessage("node_id of 'a' is not a string but BOOLEAN");
        // A container is named by its kind, never rendered: maps nested 32 deep are many times their frame.
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("93a161c081a161a162")))
                .hasMessage("node_id of 'a' is not a string but MAP");
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("9391a161c0a178")))
                .hasMessage("message type is not a string but ARRAY");
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("93a161c0a16e00")))
                .hasMessage("extra bytes after the 'a' message");
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("93a161c0")))
                .hasMessageStartingWith("malformed msgpack");
        assertThatThrownBy(() -> codec.decode(new byte[0])).hasMessage("message is not a msgpack array");
    }

    @Test
    void refusesValuesMsgpackCannotCarry() {
        assertThatThrownBy(() -> codec.encode(new Message("custom", new Object(), "n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "cannot send 'custom' data over msgpack: No serializer found for class java.lang.Object");
    }

    @Test
    void aLengthTheFrameOnlyDeclaresIsRefusedBeforeAnythingIsAllocated() {
        // [array32 of 2^31 - 1 elements] in six bytes, and a str32 of 2 GB.
        assertThatThrownBy(
                        () -> codec.decode(new byte[] {(byte) 0x93, (byte) 0xa1, 'x', (byte) 0xdd, 0x7f, -1, -1, -1}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds the 0 bytes left in the frame");
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0x93, (byte) 0xdb, 0x7f, -1, -1, -1, 'x'}))
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
        assertThatThrownBy(() -> codec.decode(deep))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("msgpack nested deeper than 32 levels");
    }

    @Test
    void aMapKeyJacksonCannotReadOrALongKeyIsRefused() {
        // ["x", {[1]: 2}, "n"]: Python cannot hash a list; msgpack-jackson would mistake it for a value.
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("93a17881910102a16e")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("a ARRAY map key is not supported");
        byte[] key = new byte[(64 << 10) + 1];
        java.util.Arrays.fill(key, (byte) 'k');
        assertThatThrownBy(() -> codec.decode(codec.encode(new Message("x", Map.of(new String(key), 1), "n"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("a map key of 65537 bytes is longer than the limit of 65536");
    }

    @Test
    void aBadDateTimeIsNamed() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("__datetime__", true);
        wire.put("as_str", "yesterday");
        assertThatThrownBy(() -> codec.decode(codec.encode(new Message("custom", Map.of("when", wire), "n"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("message[1][when]: __datetime__ as_str is not %Y%m%dT%H:%M:%S.%f: yesterday");
    }
}
