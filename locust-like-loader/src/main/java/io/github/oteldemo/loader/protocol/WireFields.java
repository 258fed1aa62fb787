package io.github.oteldemo.loader.protocol;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, checked reads of a decoded msgpack map, as Locust peers send them: numbers may come
 * as integers or floats (Python's {@code round(x, -1)} gives a float), and a wrong or missing
 * field becomes a {@link ProtocolException} naming it.
 */
public final class WireFields {

    private final Map<?, ?> map;
    private final String context;

    private WireFields(Map<?, ?> map, String context) {
        this.map = map;
        this.context = context;
    }

    /**
     * @param value   a decoded payload that must be a map
     * @param context what it is, for error messages (e.g. "spawn data")
     * @return the typed view
     * @throws ProtocolException when {@code value} is not a map
     */
    public static WireFields of(Object value, String context) throws ProtocolException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ProtocolException(context + " is not a map: " + describe(value));
        }
        return new WireFields(map, context);
    }

    /**
     * @param key a field name
     * @return whether the field is present (even when null)
     */
    public boolean has(String key) {
        return map.containsKey(key);
    }

    /** @return the map's values, in the order received */
    public Collection<?> values() {
        return map.values();
    }

    /**
     * @param key a field name
     * @return the raw value, or null
     */
    public Object raw(String key) {
        return map.get(key);
    }

    /**
     * @param key a required string field
     * @return its value
     * @throws ProtocolException when missing or not a string
     */
    public String string(String key) throws ProtocolException {
        Object value = required(key);
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", value);
    }

    /**
     * @param key an optional string field
     * @return its value, or null when missing or null
     * @throws ProtocolException when present but not a string
     */
    public String optionalString(String key) throws ProtocolException {
        Object value = map.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(key, "a string", value);
    }

    /**
     * @param key a required number field
     * @return its value as a double
     * @throws ProtocolException when missing or not a number
     */
    public double number(String key) throws ProtocolException {
        Object value = required(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", value);
    }

    /**
     * @param key      an optional number field
     * @param fallback used when missing or null
     * @return its value as a double
     * @throws ProtocolException when present but not a number
     */
    public double number(String key, double fallback) throws ProtocolException {
        Double value = optionalNumber(key);
        return value == null ? fallback : value;
    }

    /**
     * @param key an optional number field
     * @return its value, or null when missing or null
     * @throws ProtocolException when present but not a number
     */
    public Double optionalNumber(String key) throws ProtocolException {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", value);
    }

    /**
     * @param key a required whole-number field; Python floats with no fraction are accepted
     * @return its value
     * @throws ProtocolException when missing, not a number or fractional
     */
    public long integer(String key) throws ProtocolException {
        return toLong(key, required(key));
    }

    /**
     * @param key      an optional whole-number field
     * @param fallback used when missing or null
     * @return its value
     * @throws ProtocolException when present but not a whole number
     */
    public long integer(String key, long fallback) throws ProtocolException {
        Object value = map.get(key);
        return value == null ? fallback : toLong(key, value);
    }

    /**
     * @param key a required map field
     * @return its typed view
     * @throws ProtocolException when missing or not a map
     */
    public WireFields fields(String key) throws ProtocolException {
        return of(required(key), context + "." + key);
    }

    /**
     * @param key a required list field
     * @return its items
     * @throws ProtocolException when missing or not a list
     */
    public List<?> list(String key) throws ProtocolException {
        Object value = required(key);
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(key, "a list", value);
    }

    /**
     * @param key an optional binary field
     * @return its bytes, or null when missing or null
     * @throws ProtocolException when present but not binary
     */
    public byte[] optionalBytes(String key) throws ProtocolException {
        Object value = map.get(key);
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw wrongType(key, "binary", value);
    }

    /**
     * Reads a map of whole numbers to counts, such as Locust's {@code response_times}
     * ({@code {150.0: 3, 7: 12}}) or {@code num_reqs_per_sec}.
     *
     * @param key a required map field
     * @return the map, keys and values as longs, in the order received
     * @throws ProtocolException when missing, or a key or value is not a whole number
     */
    public Map<Long, Long> counts(String key) throws ProtocolException {
        Object value = required(key);
        if (!(value instanceof Map<?, ?> source)) {
            throw wrongType(key, "a map", value);
        }
        Map<Long, Long> counts = new LinkedHashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            long bucket = toLong(key + " key", entry.getKey());
            counts.merge(bucket, toLong(key + "[" + bucket + "]", entry.getValue()), Long::sum);
        }
        return counts;
    }

    /**
     * Reads a map of names to whole numbers, such as {@code user_classes_count}.
     *
     * @param key a required map field
     * @return the map in the order received
     * @throws ProtocolException when missing, or a key is not a string or a value not a whole number
     */
    public Map<String, Integer> namedCounts(String key) throws ProtocolException {
        Object value = required(key);
        if (!(value instanceof Map<?, ?> source)) {
            throw wrongType(key, "a map", value);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw wrongType(key + " key", "a string", entry.getKey());
            }
            long count = toLong(key + "[" + name + "]", entry.getValue());
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new ProtocolException(context + "." + key + "[" + name + "] is out of range: " + count);
            }
            counts.put(name, (int) count);
        }
        return counts;
    }

    private Object required(String key) throws ProtocolException {
        Object value = map.get(key);
        if (value == null) {
            throw new ProtocolException(context + " has no '" + key + "'");
        }
        return value;
    }

    private long toLong(String key, Object value) throws ProtocolException {
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        throw wrongType(key, "a whole number", value);
    }

    private ProtocolException wrongType(String key, String expected, Object value) {
        return new ProtocolException(context + "." + key + " is not " + expected + ": " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        return (text.length() > 60 ? text.substring(0, 60) + "..." : text) + " ("
                + value.getClass().getSimpleName() + ")";
    }
}
