package io.github.oteldemo.testing.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpAttributesTest {

    private static final AnyValue ARRAY = AnyValue.newBuilder()
            .setArrayValue(
                    ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("a")))
            .build();

    private static final List<KeyValue> ATTRIBUTES = List.of(
            attribute("s", AnyValue.newBuilder().setStringValue("text").build()),
            attribute("i", AnyValue.newBuilder().setIntValue(42).build()),
            attribute("d", AnyValue.newBuilder().setDoubleValue(0.5).build()),
            attribute("b", AnyValue.newBuilder().setBoolValue(true).build()),
            attribute("a", ARRAY));

    @Test
    void readsTypedValuesAndNullForAbsentOrOtherTypes() {
        assertThat(OtlpAttributes.string(ATTRIBUTES, "s")).isEqualTo("text");
        assertThat(OtlpAttributes.string(ATTRIBUTES, "i")).isNull();
        assertThat(OtlpAttributes.string(ATTRIBUTES, "missing")).isNull();
        assertThat(OtlpAttributes.integer(ATTRIBUTES, "i")).isEqualTo(42L);
        assertThat(OtlpAttributes.integer(ATTRIBUTES, "s")).isNull();
        assertThat(OtlpAttributes.value(ATTRIBUTES, "a")).contains(ARRAY);
        assertThat(OtlpAttributes.value(ATTRIBUTES, "missing")).isEmpty();
    }

    @Test
    void mapsScalarsToBoxedJavaValuesInOrder() {
        assertThat(OtlpAttributes.asMap(ATTRIBUTES))
                .containsExactly(
                        entry("s", "text"), entry("i", 42L), entry("d", 0.5), entry("b", true), entry("a", ARRAY));
        assertThat(OtlpAttributes.asMap(ATTRIBUTES).get("b")).isSameAs(Boolean.TRUE);
    }

    private static Map.Entry<String, Object> entry(String key, Object value) {
        return Map.entry(key, value);
    }

    private static KeyValue attribute(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
