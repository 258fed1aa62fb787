package io.github.oteldemo.testing.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads OTLP attribute lists, which arrive as key/value pairs rather than maps. */
public final class OtlpAttributes {

    private OtlpAttributes() {}

    /** The value under {@code key}, if present. */
    public static Optional<AnyValue> value(List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(attribute -> attribute.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst();
    }

    /** The string value under {@code key}, or null when absent or not a string. */
    public static String string(List<KeyValue> attributes, String key) {
        return value(attributes, key)
                .filter(AnyValue::hasStringValue)
                .map(AnyValue::getStringValue)
                .orElse(null);
    }

    /** The integer value under {@code key}, or null when absent or not an integer. */
    public static Long integer(List<KeyValue> attributes, String key) {
        return value(attributes, key)
                .filter(AnyValue::hasIntValue)
                .map(AnyValue::getIntValue)
                .orElse(null);
    }

    /**
     * All attributes with scalar values as Java values (String, Long, Double, Boolean), others as
     * their protobuf {@link AnyValue}; handy for {@code assertThat(map).containsEntry(...)}.
     */
    public static Map<String, Object> asMap(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            AnyValue value = attribute.getValue();
            Object plain = switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> value.getIntValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                case BOOL_VALUE -> value.getBoolValue();
                default -> value;
            };
            map.put(attribute.getKey(), plain);
        }
        return map;
    }
}
