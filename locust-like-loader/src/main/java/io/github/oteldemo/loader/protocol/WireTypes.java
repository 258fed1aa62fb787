package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;
import org.msgpack.jackson.dataformat.MessagePackGenerator;

/**
 * What Locust's wire has and Jackson has no mapping for: Locust's {@code object_hook} for
 * date-times, msgpack extensions, free-form data as Python's msgpack unpacks it, and whole
 * numbers that Python may send as floats.
 */
final class WireTypes {

    /** The {@code strftime} pattern of Locust's {@code encode}, in {@link DateTimeFormatter} terms. */
    private static final DateTimeFormatter LOCUST_DATETIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss.SSSSSS");

    private static final String DATETIME_MARKER = "__datetime__";
    private static final String DATETIME_TEXT = "as_str";
    private static final byte TIMESTAMP_EXTENSION = -1;

    private WireTypes() {}

    /**
     * @param limits the codec's limits; {@code maxNumberLength} bounds the text of numeric map keys
     * @return the module
     */
    static SimpleModule module(StreamReadConstraints limits) {
        SimpleModule module = new SimpleModule("locust-wire");
        module.addSerializer(LocalDateTime.class, new DateTimeSerializer());
        module.addDeserializer(LocalDateTime.class, new DateTimeDeserializer());
        module.addSerializer(Instant.class, new ExtensionSerializer<>(Instant.class, WireTypes::timestamp));
        module.addSerializer(
                MessageCodec.Extension.class,
                new ExtensionSerializer<>(
                        MessageCodec.Extension.class, e -> new MessagePackExtensionType(e.type(), e.data())));
        module.addDeserializer(Object.class, FreeForm.INSTANCE);
        module.addDeserializer(long.class, new WholeNumber<>(long.class, Long.MIN_VALUE, Long.MAX_VALUE, n -> n));
        module.addDeserializer(Long.class, new WholeNumber<>(Long.class, Long.MIN_VALUE, Long.MAX_VALUE, n -> n));
        module.addDeserializer(
                int.class, new WholeNumber<>(int.class, Integer.MIN_VALUE, Integer.MAX_VALUE, Math::toIntExact));
        module.addDeserializer(
                Integer.class,
                new WholeNumber<>(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, Math::toIntExact));
        module.addKeyDeserializer(Long.class, new WholeNumberKey(limits.getMaxNumberLength()));
        return module;
    }

    private static MessagePackExtensionType timestamp(Instant instant) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packTimestamp(instant);
            try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(packer.toByteArray())) {
                ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
                return new MessagePackExtensionType(header.getType(), unpacker.readPayload(header.getLength()));
            }
        }
    }

    /** Locust's {@code object_hook=decode}: a map with {@value #DATETIME_MARKER} is a date-time. */
    private static Object hook(Map<String, Object> map, DeserializationContext ctxt) throws IOException {
        if (!map.containsKey(DATETIME_MARKER)) {
            return map;
        }
        if (!(map.get(DATETIME_TEXT) instanceof String text)) {
            return ctxt.reportInputMismatch(LocalDateTime.class, "__datetime__ map without an as_str string");
        }
        try {
            return LocalDateTime.parse(text, LOCUST_DATETIME);
        } catch (DateTimeParseException e) {
            return ctxt.reportInputMismatch(
                    LocalDateTime.class, "__datetime__ as_str is not %%Y%%m%%dT%%H:%%M:%%S.%%f: %s", text);
        }
    }

    /** Locust's {@code encode}: a date-time travels as a marked map (Locust 2.20+). */
    private static final class DateTimeSerializer extends StdSerializer<LocalDateTime> {
        DateTimeSerializer() {
            super(LocalDateTime.class);
        }

        @Override
        public void serialize(LocalDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeBooleanField(DATETIME_MARKER, true);
            gen.writeStringField(DATETIME_TEXT, LOCUST_DATETIME.format(value));
            gen.writeEndObject();
        }
    }

    private static final class DateTimeDeserializer extends StdDeserializer<LocalDateTime> {
        DateTimeDeserializer() {
            super(LocalDateTime.class);
        }

        @Override
        public LocalDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (FreeForm.INSTANCE.deserialize(p, ctxt) instanceof LocalDateTime dateTime) {
                return dateTime;
            }
            return (LocalDateTime) ctxt.reportInputMismatch(this, "not a __datetime__ map");
        }
    }

    private interface ToExtension<T> {
        MessagePackExtensionType apply(T value) throws IOException;
    }

    /**
     * Writes an msgpack extension; Jackson's own buffers (value conversions) keep the value as it is,
     * as msgpack-jackson's extension serializer cannot write to them.
     */
    private static final class ExtensionSerializer<T> extends StdSerializer<T> {
        private final transient ToExtension<T> toExtension;

        ExtensionSerializer(Class<T> type, ToExtension<T> toExtension) {
            super(type);
            this.toExtension = toExtension;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof MessagePackGenerator msgpack) {
                msgpack.writeExtensionType(toExtension.apply(value));
            } else {
                gen.writeEmbeddedObject(value);
            }
        }
    }

    /**
     * Data as Python's msgpack unpacks it for Locust ({@code raw=False, object_hook=decode}):
     * maps (keys as text), lists, {@link Long} (or {@link java.math.BigInteger}), {@link Double},
     * strings, booleans, null, {@code byte[]}, {@link LocalDateTime}, {@link Instant} for msgpack
     * timestamps and {@link MessageCodec.Extension} for other extensions. Jackson's untyped reader
     * would keep msgpack-jackson's extension type, which its own serializer refuses to convert.
     */
    private static final class FreeForm extends StdDeserializer<Object> {
        static final FreeForm INSTANCE = new FreeForm();

        private FreeForm() {
            super(Object.class);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return switch (p.currentToken()) {
                case START_OBJECT, FIELD_NAME -> map(p, ctxt);
                case START_ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        try {
                            list.add(deserialize(p, ctxt));
                        } catch (JsonMappingException e) {
                            throw JsonMappingException.wrapWithPath(e, list, list.size());
                        }
                    }
                    yield list;
                }
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT ->
                    p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? p.getBigIntegerValue()
                            : (Object) p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                case VALUE_EMBEDDED_OBJECT -> embedded(p.getEmbeddedObject());
                default -> ctxt.handleUnexpectedToken(Object.class, p);
            };
        }

        private Object map(JsonParser p, DeserializationContext ctxt) throws IOException {
            Map<String, Object> map = new LinkedHashMap<>();
            JsonToken token = p.currentToken() == JsonToken.START_OBJECT ? p.nextToken() : p.currentToken();
            for (; token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                String key = p.currentName();
                p.nextToken();
                try {
                    map.put(key, deserialize(p, ctxt));
                } catch (JsonMappingException e) {
                    throw JsonMappingException.wrapWithPath(e, map, key);
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return ctxt.handleUnexpectedToken(Map.class, p);
            }
            return hook(map, ctxt);
        }

        private static Object embedded(Object value) throws IOException {
            if (!(value instanceof MessagePackExtensionType ext)) {
                return value;
            }
            if (ext.getType() != TIMESTAMP_EXTENSION) {
                return new MessageCodec.Extension(ext.getType(), ext.getData());
            }
            try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(ext.getData())) {
                return unpacker.unpackTimestamp(new ExtensionTypeHeader(TIMESTAMP_EXTENSION, ext.getData().length));
            }
        }
    }

    private interface Narrowing<T> {
        T apply(long value);
    }

    /**
     * A whole number as Locust peers send it: an integer, or a float without a fraction (Python's
     * {@code round(x, -1)} is a float). Jackson would truncate {@code 2.5} to 2, and msgpack-jackson
     * narrows a long to an int without a range check.
     */
    private static final class WholeNumber<T> extends StdDeserializer<T> {
        private final long min;
        private final long max;
        private final transient Narrowing<T> narrowing;

        WholeNumber(Class<T> type, long min, long max, Narrowing<T> narrowing) {
            super(type);
            this.min = min;
            this.max = max;
            this.narrowing = narrowing;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return checked(p.getLongValue(), p.getText(), ctxt);
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = p.getDoubleValue();
                // Below 2^63 the cast is exact; checked() then applies the type's range.
                if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
                    return checked((long) value, p.getText(), ctxt);
                }
            }
            String found = token != null && token.isScalarValue() ? p.getText() : String.valueOf(token);
            return fail(found, ctxt);
        }

        private T checked(long value, String text, DeserializationContext ctxt) throws IOException {
            return value < min || value > max ? fail(text, ctxt) : narrowing.apply(value);
        }

        private T fail(String found, DeserializationContext ctxt) throws JsonMappingException {
            return ctxt.reportInputMismatch(this, "not a whole number in %d..%d: %s", min, max, found);
        }

        /** Locust never sends None for a number a record holds as a primitive: that is an error. */
        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return handledType().isPrimitive() ? fail("null", ctxt) : null;
        }

        /** A primitive left out is 0, as with Jackson's own, unless the field is {@link Required}. */
        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return handledType().isPrimitive() ? narrowing.apply(0) : null;
        }
    }

    /** Map keys such as Locust's response-time buckets ({@code {150.0: 3, 7: 12}}). */
    private static final class WholeNumberKey extends KeyDeserializer {
        private final int maxLength;

        WholeNumberKey(int maxLength) {
            this.maxLength = maxLength;
        }

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (key.length() <= maxLength) {
                try {
                    return Long.parseLong(key);
                } catch (NumberFormatException notAnInteger) {
                    try {
                        double value = Double.parseDouble(key);
                        if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
                            return (long) value;
                        }
                    } catch (NumberFormatException notANumber) {
                        // reported below
                    }
                }
            }
            return ctxt.handleWeirdKey(Long.class, key, "not a whole number");
        }
    }
}
