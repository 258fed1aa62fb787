package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Walks a frame once, building nothing, before Jackson reads it. jackson-dataformat-msgpack
 * reserves every declared string, binary and extension length before it finds the bytes missing,
 * and it checks none of Jackson's {@link StreamReadConstraints}; so this pass holds the frame to
 * them: every declared length against the bytes left, nesting depth, string and key lengths.
 * It also refuses what the parser cannot turn into tokens (nil, array, map and extension map
 * keys; Python cannot hash the containers anyway) and checks the {@code [type, data, node_id]}
 * envelope, so the error names what is wrong.
 */
final class FrameCheck {

    private static final byte TIMESTAMP_EXTENSION = -1;

    private final MessageUnpacker unpacker;
    private final long length;
    private final StreamReadConstraints limits;

    private FrameCheck(MessageUnpacker unpacker, long length, StreamReadConstraints limits) {
        this.unpacker = unpacker;
        this.length = length;
        this.limits = limits;
    }

    /**
     * @param frame  one ZeroMQ frame
     * @param limits the limits Jackson's parser would apply if it checked them
     * @throws ProtocolException when the frame is not a {@code [str, any, str]} msgpack array within the limits
     */
    static void check(byte[] frame, StreamReadConstraints limits) throws ProtocolException {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
            new FrameCheck(unpacker, frame.length, limits).envelope();
        } catch (IOException | MessagePackException | DateTimeException e) {
            throw new ProtocolException("malformed msgpack: " + e.getMessage(), e);
        }
    }

    private void envelope() throws IOException, ProtocolException {
        if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
            throw new ProtocolException("message is not a msgpack array");
        }
        int size = unpacker.unpackArrayHeader();
        if (size != 3) {
            throw new ProtocolException("message has " + size + " elements, expected [type, data, node_id]");
        }
        String type = text("message type");
        value(1);
        text("node_id of '" + type + "'");
        if (unpacker.hasNext()) {
            throw new ProtocolException("extra bytes after the '" + type + "' message");
        }
    }

    private String text(String what) throws IOException, ProtocolException {
        ValueType kind = unpacker.getNextFormat().getValueType();
        if (kind != ValueType.STRING) {
            throw new ProtocolException(what + " is not a string but " + kind);
        }
        int size = declared(unpacker.unpackRawStringHeader(), 1);
        return new String(unpacker.readPayload(size), StandardCharsets.UTF_8);
    }

    private void value(int depth) throws IOException, ProtocolException {
        if (depth > limits.getMaxNestingDepth()) {
            throw new ProtocolException("msgpack nested deeper than " + limits.getMaxNestingDepth() + " levels");
        }
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case NIL, BOOLEAN, INTEGER, FLOAT -> unpacker.skipValue();
            case STRING -> skip(declared(unpacker.unpackRawStringHeader(), 1), limits.getMaxStringLength(), "string");
            case BINARY -> skip(declared(unpacker.unpackBinaryHeader(), 1), limits.getMaxStringLength(), "binary");
            case ARRAY -> {
                int size = declared(unpacker.unpackArrayHeader(), 1);
                for (int i = 0; i < size; i++) {
                    value(depth + 1);
                }
            }
            case MAP -> {
                int size = declared(unpacker.unpackMapHeader(), 2);
                for (int i = 0; i < size; i++) {
                    key();
                    value(depth + 1);
                }
            }
            case EXTENSION -> {
                ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
                declared(header.getLength(), 1);
                if (header.getType() == TIMESTAMP_EXTENSION) {
                    // Unpacking checks the payload's size and range, which the decoder relies on.
                    unpacker.unpackTimestamp(header);
                } else {
                    skip(header.getLength(), limits.getMaxStringLength(), "extension");
                }
            }
            default -> throw new ProtocolException("unsupported msgpack format " + format);
        }
    }

    private void key() throws IOException, ProtocolException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case BOOLEAN, INTEGER, FLOAT -> unpacker.skipValue();
            case STRING -> skip(declared(unpacker.unpackRawStringHeader(), 1), limits.getMaxNameLength(), "map key");
            case BINARY -> skip(declared(unpacker.unpackBinaryHeader(), 1), limits.getMaxNameLength(), "map key");
            default -> throw new ProtocolException("a " + format.getValueType() + " map key is not supported");
        }
    }

    /** Checks a declared count against the bytes left, each item taking at least {@code minimumBytesEach}. */
    private int declared(long count, int minimumBytesEach) throws ProtocolException {
        long left = length - unpacker.getTotalReadBytes();
        if (count < 0 || count * minimumBytesEach > left) {
            throw new ProtocolException(
                    "declared length " + count + " exceeds the " + left + " bytes left in the frame");
        }
        return (int) count;
    }

    private void skip(int size, int limit, String what) throws IOException, ProtocolException {
        if (size > limit) {
            throw new ProtocolException("a " + what + " of " + size + " bytes is longer than the limit of " + limit);
        }
        // A reference into the frame: nothing is copied.
        unpacker.readPayloadAsReference(size);
    }
}
