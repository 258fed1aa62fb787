package io.github.oteldemo.loader.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Turns {@link Message}s into the bytes Locust's {@code Message.serialize} produces and back,
 * with msgpack-core.
 *
 * <p>Locust packs with {@code msgpack.dumps(..., default=encode)} and unpacks with
 * {@code raw=False, strict_map_key=False, object_hook=decode}: strings are msgpack str, bytes
 * are bin, map keys may be numbers, and a {@code datetime} travels as the map
 * {@code {"__datetime__": true, "as_str": "%Y%m%dT%H:%M:%S.%f"}} (Locust 2.20+). Such maps
 * decode to {@link LocalDateTime} and {@link LocalDateTime} encodes to them, so custom
 * messages carrying datetimes round-trip with Python peers. Msgpack timestamps (extension
 * type -1) decode to {@link Instant}; other extension values decode to {@link Extension}.
 */
public final class MessageCodec {

    /** The {@code strftime} pattern of Locust's {@code encode}, in {@link DateTimeFormatter} terms. */
    private static final DateTimeFormatter LOCUST_DATETIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss.SSSSSS");

    private static final String DATETIME_MARKER = "__datetime__";
    private static final String DATETIME_TEXT = "as_str";
    private static final byte TIMESTAMP_EXTENSION = -1;
    /**
     * Deeper nesting than any Locust message has (a stats report is four levels deep); a hostile
     * frame of nested one-element arrays would otherwise overflow the stack.
     */
    private static final int MAX_DEPTH = 32;

    private MessageCodec() {}

    /**
     * An msgpack extension value other than a timestamp, kept as it came.
     *
     * @param type the extension type
     * @param data its payload
     */
    public record Extension(byte type, byte[] data) {}

    /**
     * Serialises a message as {@code [type, data, node_id]}.
     *
     * @param message the message
     * @return its msgpack bytes
     * @throws IllegalArgumentException when {@code data} holds a value msgpack cannot carry
     */
    public static byte[] encode(Message message) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(3);
            packer.packString(message.type());
            pack(packer, message.data());
            packer.packString(message.nodeId());
            return packer.toByteArray();
        } catch (IOException e) {
            // A buffer packer writes to memory only.
            throw new IllegalStateException("msgpack buffer failed", e);
        }
    }

    /**
     * Parses bytes a Locust peer sent.
     *
     * @param bytes one ZeroMQ frame
     * @return the message
     * @throws ProtocolException when the bytes are not a {@code [str, any, str]} msgpack array
     */
    public static Message decode(byte[] bytes) throws ProtocolException {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != org.msgpack.value.ValueType.ARRAY) {
                throw new ProtocolException("message is not a msgpack array");
            }
            int size = unpacker.unpackArrayHeader();
            if (size != 3) {
                throw new ProtocolException("message has " + size + " elements, expected [type, data, node_id]");
            }
            Frame frame = new Frame(unpacker, bytes.length);
            Object type = unpack(frame, 0);
            Object data = unpack(frame, 0);
            Object nodeId = unpack(frame, 0);
            if (!(type instanceof String typeName)) {
                throw new ProtocolException("message type is not a string: " + shown(type));
            }
            if (!(nodeId instanceof String node)) {
                throw new ProtocolException("node_id of '" + typeName + "' is not a string: " + shown(nodeId));
            }
            if (unpacker.hasNext()) {
                throw new ProtocolException("extra bytes after the '" + typeName + "' message");
            }
            return new Message(typeName, data, node);
        } catch (IOException | MessagePackException e) {
            throw new ProtocolException("malformed msgpack: " + e.getMessage(), e);
        }
    }

    /**
     * A misplaced value, named without its contents: the text of maps nested 32 deep is many times
     * the size of the frame that declared them.
     */
    private static String shown(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        return value instanceof Collection<?> ? "an array" : String.valueOf(value);
    }

    private static void pack(MessagePacker packer, Object value) throws IOException {
        if (value == null) {
            packer.packNil();
        } else if (value instanceof String s) {
            packer.packString(s);
        } else if (value instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            packer.packDouble(((Number) value).doubleValue());
        } else if (value instanceof BigInteger big) {
            packer.packBigInteger(big);
        } else if (value instanceof Number n) {
            packer.packLong(n.longValue());
        } else if (value instanceof byte[] bytes) {
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (value instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                pack(packer, entry.getKey());
                pack(packer, entry.getValue());
            }
        } else if (value instanceof Collection<?> list) {
            packer.packArrayHeader(list.size());
            for (Object item : list) {
                pack(packer, item);
            }
        } else if (value instanceof LocalDateTime dateTime) {
            packer.packMapHeader(2);
            packer.packString(DATETIME_MARKER);
            packer.packBoolean(true);
            packer.packString(DATETIME_TEXT);
            packer.packString(LOCUST_DATETIME.format(dateTime));
        } else if (value instanceof Instant instant) {
            packer.packTimestamp(instant);
        } else if (value instanceof Extension ext) {
            packer.packExtensionTypeHeader(ext.type(), ext.data().length);
            packer.writePayload(ext.data());
        } else if (value instanceof Enum<?> constant) {
            packer.packString(constant.toString());
        } else {
            throw new IllegalArgumentException(
                    "cannot send a " + value.getClass().getName() + " over msgpack");
        }
    }

    /**
     * The unpacker and how many bytes its frame has: every length a peer declares (strings,
     * binaries, array and map sizes) is checked against what is left before anything is
     * allocated for it, so a ten-byte frame cannot make the decoder reserve gigabytes.
     */
    private record Frame(MessageUnpacker unpacker, long length) {
        int checked(long declared, int minimumBytesEach) throws ProtocolException {
            long left = length - unpacker.getTotalReadBytes();
            if (declared < 0 || declared * minimumBytesEach > left) {
                throw new ProtocolException(
                        "declared length " + declared + " exceeds the " + left + " bytes left in the frame");
            }
            return (int) declared;
        }
    }

    private static Object unpack(Frame frame, int depth) throws IOException, ProtocolException {
        if (depth > MAX_DEPTH) {
            throw new ProtocolException("msgpack nested deeper than " + MAX_DEPTH + " levels");
        }
        MessageUnpacker unpacker = frame.unpacker();
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case NIL -> {
                unpacker.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return unpacker.unpackBoolean();
            }
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    BigInteger big = unpacker.unpackBigInteger();
                    return big.bitLength() < 64 ? (Object) big.longValue() : big;
                }
                return unpacker.unpackLong();
            }
            case FLOAT -> {
                return unpacker.unpackDouble();
            }
            case STRING -> {
                byte[] utf8 = unpacker.readPayload(frame.checked(unpacker.unpackRawStringHeader(), 1));
                return new String(utf8, StandardCharsets.UTF_8);
            }
            case BINARY -> {
                return unpacker.readPayload(frame.checked(unpacker.unpackBinaryHeader(), 1));
            }
            case ARRAY -> {
                int size = frame.checked(unpacker.unpackArrayHeader(), 1);
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(unpack(frame, depth + 1));
                }
                return list;
            }
            case MAP -> {
                int size = frame.checked(unpacker.unpackMapHeader(), 2);
                Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    Object key = unpack(frame, depth + 1);
                    map.put(key, unpack(frame, depth + 1));
                }
                return asDateTime(map);
            }
            case EXTENSION -> {
                ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
                if (header.getType() == TIMESTAMP_EXTENSION) {
                    return unpacker.unpackTimestamp(header);
                }
                return new Extension(header.getType(), unpacker.readPayload(frame.checked(header.getLength(), 1)));
            }
            default -> throw new ProtocolException("unsupported msgpack format " + format);
        }
    }

    /** Locust's {@code object_hook=decode}: a {@code __datetime__} map becomes a date-time. */
    private static Object asDateTime(Map<Object, Object> map) throws ProtocolException {
        if (!map.containsKey(DATETIME_MARKER)) {
            return map;
        }
        Object text = map.get(DATETIME_TEXT);
        if (!(text instanceof String s)) {
            throw new ProtocolException("__datetime__ map without an as_str string");
        }
        try {
            return LocalDateTime.parse(s, LOCUST_DATETIME);
        } catch (DateTimeParseException e) {
            throw new ProtocolException("__datetime__ as_str is not %Y%m%dT%H:%M:%S.%f: " + s, e);
        }
    }
}
