package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePackException;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * Turns {@link Message}s into the bytes Locust's {@code Message.serialize} produces and back, and
 * reads a message's data into the record of its type, with one Jackson mapper over msgpack.
 *
 * <p>Locust packs with {@code msgpack.dumps(..., default=encode)} and unpacks with
 * {@code raw=False, strict_map_key=False, object_hook=decode}: strings are msgpack str, bytes
 * are bin, map keys may be numbers, and a {@code datetime} travels as the map
 * {@code {"__datetime__": true, "as_str": "%Y%m%dT%H:%M:%S.%f"}} (Locust 2.20+). Records are
 * written with Locust's snake_case names; integer map keys stay integers. A received message's
 * data is free-form as Python sees it (see {@link Message}); {@link #read} binds it to a record,
 * ignoring fields a newer Locust adds.
 */
public final class MessageCodec {

    /**
     * Deeper nesting than any Locust message has (a stats report is four levels deep), string
     * and key lengths beyond any Locust sends, and the longest text of a numeric map key.
     */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxStringLength(16 << 20)
            .maxNameLength(64 << 10)
            .maxNumberLength(32)
            .build();

    private final ObjectMapper mapper;

    /** Configures the mapper; one codec serves a socket for its lifetime. */
    public MessageCodec() {
        MessagePackFactory factory =
                new MessagePackFactory().setSupportIntegerKeys(true).setReuseResourceInParser(false);
        factory.setStreamReadConstraints(LIMITS);
        mapper = MessagePackMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // A number or a boolean is not a string, nor a string a number, in Python.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .addModule(WireTypes.module(LIMITS))
                .build();
    }

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
     * @throws IllegalArgumentException when {@code data} holds a value Jackson cannot write
     */
    public byte[] encode(Message message) {
        try {
            return mapper.writeValueAsBytes(Arrays.asList(message.type(), message.data(), message.nodeId()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot send '" + message.type() + "' data over msgpack: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses bytes a Locust peer sent.
     *
     * @param frame one ZeroMQ frame
     * @return the message, its data free-form
     * @throws ProtocolException when the bytes are not a {@code [str, any, str]} msgpack array
     *                           within the codec's limits
     */
    public Message decode(byte[] frame) throws ProtocolException {
        FrameCheck.check(frame, LIMITS);
        try {
            List<?> envelope = (List<?>) mapper.readValue(frame, Object.class);
            return new Message((String) envelope.get(0), envelope.get(1), (String) envelope.get(2));
        } catch (JsonMappingException e) {
            throw problem("message", e);
        } catch (IOException | MessagePackException e) {
            throw new ProtocolException("malformed msgpack: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a message's data as the record its type calls for.
     *
     * @param message a received message
     * @param type    the record (or any type Jackson can bind)
     * @return the data, never null
     * @throws ProtocolException naming the field, when a field is missing, null where it may not
     *                           be, or of the wrong kind; or when there is no data
     */
    public <T> T read(Message message, Class<T> type) throws ProtocolException {
        String context = message.type() + " data";
        if (message.data() == null) {
            throw new ProtocolException(context + " is missing");
        }
        try {
            return mapper.convertValue(message.data(), type);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException cause) {
                throw problem(context, cause);
            }
            throw new ProtocolException(context + ": " + e.getMessage(), e);
        }
    }

    /** Names the field: {@code stats data.stats[0].start_time: Missing required creator property ...}. */
    private static ProtocolException problem(String context, JsonMappingException e) {
        StringBuilder where = new StringBuilder(context);
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() == null) {
                where.append('[').append(step.getIndex()).append(']');
            } else if (step.getFrom() instanceof Map<?, ?>) {
                where.append('[').append(step.getFieldName()).append(']');
            } else {
                where.append('.').append(step.getFieldName());
            }
        }
        // A record's own check (e.g. a negative count) says more than Jackson's wrapper.
        Throwable reason = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
        String text = reason instanceof JsonMappingException mapping
                ? mapping.getOriginalMessage()
                : String.valueOf(reason.getMessage());
        return new ProtocolException(where + ": " + text, e);
    }
}
