package io.github.oteldemo.loader.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keys and texts compared with what Locust 2.47's {@code StatsError} computes for the same input. */
class StatsErrorTest {

    @Test
    void keyIsLocustsCreateKey() {
        // Printed by locust.stats.StatsError.create_key of Locust 2.47.0 for the same arguments.
        assertThat(StatsError.key("GET", "/", "ConnectionRefusedError(111, 'Connection refused')"))
                .isEqualTo("38525224e7df079adc58f5143cef50c8ca14220d5adf2993294f31bc00606f27");
        assertThat(StatsError.key("GET", "/", "LocustBadStatusCode(code=500)"))
                .isEqualTo("86adb32abc3da802ea9da38737a5cc821278340d3670360f74c37488431092ce");
        assertThat(StatsError.key(
                        "POST",
                        "/api",
                        "<Foo object at 0x7f3a12345678> said \"no\" and 'yes'\n\tpath\\x \u0007 é \u200b 😀"))
                .isEqualTo("0ffd92f78e4729366b248ac3746bfb5d8b2869f56efe423532648876310cd553");
    }

    @Test
    void reprQuotesAndEscapesAsPython() {
        assertThat(PythonRepr.of("ConnectionRefusedError(111, 'Connection refused')"))
                .isEqualTo("\"ConnectionRefusedError(111, 'Connection refused')\"");
        assertThat(PythonRepr.of("<Foo object at 0x....> said \"no\" and 'yes'\n\tpath\\x \u0007 é \u200b 😀"))
                .isEqualTo("'<Foo object at 0x....> said \"no\" and \\'yes\\'\\n\\tpath\\\\x \\x07 é \\u200b 😀'");
    }

    @Test
    void objectAddressesAreMaskedSoTheyGroup() {
        StatsError a = StatsError.occurred("GET", "/", "Boom(<Conn object at 0x7f00aa>)", 10);
        StatsError b = StatsError.occurred("GET", "/", "Boom(<Conn object at 0x7f00bb>)", 20);
        assertThat(a.error()).isEqualTo("Boom(<Conn object at 0x....>)");
        assertThat(a.key()).isEqualTo(b.key());
        StatsError merged = b.plus(a);
        assertThat(merged.occurrences()).isEqualTo(2);
        assertThat(merged.firstSeen()).isEqualTo(10.0);
        assertThat(merged.lastSeen()).isEqualTo(20.0);
    }

    @Test
    void describeUnwrapsCatchResponseErrorAsLocustsToName() {
        assertThat(StatsError.occurred("GET", "/", "CatchResponseError('Unexpected status 500')", 1)
                        .describe())
                .isEqualTo("GET /: 'Unexpected status 500'");
    }
}
