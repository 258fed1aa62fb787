package io.github.oteldemo.testing.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpanCountTest {

    @Test
    void countsTheSpansOfEveryResourceAndScope() throws Exception {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("a", 3, 0, 2))
                .addResourceSpans(resourceSpans("b", 1))
                .addResourceSpans(resourceSpans("c"))
                .build();

        assertThat(SpanCount.in(new ByteArrayInputStream(request.toByteArray())))
                .isEqualTo(6);
    }

    @Test
    void anEmptyExportHasNoSpans() throws Exception {
        assertThat(SpanCount.in(new ByteArrayInputStream(new byte[0]))).isZero();
    }

    @Test
    void aTruncatedExportIsRejectedAsTheParserRejectsIt() {
        byte[] whole = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("a", 2))
                .build()
                .toByteArray();
        byte[] truncated = Arrays.copyOf(whole, whole.length - 5);

        assertThatThrownBy(() -> ExportTraceServiceRequest.parseFrom(truncated))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> SpanCount.in(new ByteArrayInputStream(truncated)))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void garbageIsRejected() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThatThrownBy(() -> SpanCount.in(new ByteArrayInputStream(garbage)))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    /** A resource with one scope per count, each holding that many spans with an attribute. */
    private static ResourceSpans resourceSpans(String service, int... spansPerScope) {
        ResourceSpans.Builder resource = ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                .setSchemaUrl("https://opentelemetry.io/schemas/1.34.0");
        for (int scope = 0; scope < spansPerScope.length; scope++) {
            ScopeSpans.Builder spans = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("scope-" + scope));
            for (int i = 0; i < spansPerScope[scope]; i++) {
                spans.addSpans(Span.newBuilder()
                        .setName("span-" + i)
                        .setTraceId(ByteString.copyFrom(new byte[16]))
                        .setSpanId(ByteString.copyFrom(new byte[8]))
                        .addAttributes(attribute("http.route", "/")));
            }
            resource.addScopeSpans(spans);
        }
        return resource.build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
