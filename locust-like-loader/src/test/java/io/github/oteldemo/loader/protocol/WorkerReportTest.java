package io.github.oteldemo.loader.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oteldemo.loader.runner.RunnerState;
import io.github.oteldemo.loader.stats.RequestStats;
import io.github.oteldemo.loader.stats.StatsEntry;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerReportTest {

    private final MessageCodec codec = new MessageCodec();

    /**
     * A stats message from Locust 2.12.1's worker code: requests of 147.3, 3.6 and 2.5 ms on
     * {@code GET /}, one failed with {@code Exception("boom")}; its buckets have a float key
     * ({@code 150.0}) as Python's {@code round(x, -1)} makes.
     */
    private static final String PYTHON_STATS =
            "93a5737461747385a57374617473918ea46e616d65a12fa66d6574686f64a3474554b66c6173745f726571756573745f74696d657374616d70cb41dac186f9e7af9baa73746172745f74696d65cb41dac186f9e7af5bac6e756d5f726571756573747303b16e756d5f6e6f6e655f726571756573747300ac6e756d5f6661696c7572657301b3746f74616c5f726573706f6e73655f74696d65cb40632ccccccccccdb16d61785f726573706f6e73655f74696d65cb406269999999999ab16d696e5f726573706f6e73655f74696d65cb4004000000000000b4746f74616c5f636f6e74656e745f6c656e67746824ae726573706f6e73655f74696d657383cb4062c000000000000104010201b06e756d5f726571735f7065725f73656381ce6b061be703b06e756d5f6661696c5f7065725f73656381ce6b061be701ab73746174735f746f74616c8ea46e616d65aa41676772656761746564a66d6574686f64c0b66c6173745f726571756573745f74696d657374616d70cb41dac186f9e7af95aa73746172745f74696d65cb41dac186f9e7aed9ac6e756d5f726571756573747303b16e756d5f6e6f6e655f726571756573747300ac6e756d5f6661696c7572657301b3746f74616c5f726573706f6e73655f74696d65cb40632ccccccccccdb16d61785f726573706f6e73655f74696d65cb406269999999999ab16d696e5f726573706f6e73655f74696d65cb4004000000000000b4746f74616c5f636f6e74656e745f6c656e67746824ae726573706f6e73655f74696d657383cb4062c000000000000104010201b06e756d5f726571735f7065725f73656381ce6b061be703b06e756d5f6661696c5f7065725f73656381ce6b061be701a66572726f727381d9406536333632613566613232613866346237626662313935623234333133633334383832643837633934616361623135613466373138396431653063656138616184a46e616d65a12fa66d6574686f64a3474554a56572726f72b1457863657074696f6e2827626f6f6d2729ab6f6363757272656e63657301b2757365725f636c61737365735f636f756e7481ab576562736974655573657202aa757365725f636f756e7402a6766d5f616263";

    @Test
    void readsAPythonWorkersReport() throws ProtocolException {
        Message message = codec.decode(HexFormat.of().parseHex(PYTHON_STATS));
        WorkerReport report = WorkerReport.fromWire(codec.read(message, WorkerReport.Wire.class));
        assertThat(report.userClassesCount()).containsExactly(Map.entry("WebsiteUser", 2));
        assertThat(report.userCount()).isEqualTo(2);
        StatsEntry entry = report.entries().get(0);
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.name()).isEqualTo("/");
        assertThat(entry.numRequests()).isEqualTo(3);
        assertThat(entry.numFailures()).isEqualTo(1);
        assertThat(entry.totalContentLength()).isEqualTo(36);
        assertThat(entry.minResponseTime()).isEqualTo(2.5);
        assertThat(entry.responseTimes()).containsExactly(Map.entry(2L, 1L), Map.entry(4L, 1L), Map.entry(150L, 1L));
        assertThat(entry.numReqsPerSec()).containsExactly(Map.entry(1795562471L, 3L));
        assertThat(entry.histogram()).isNull();
        assertThat(entry.percentile(0.5)).isEqualTo(4);
        assertThat(report.total().name()).isEqualTo("Aggregated");
        assertThat(report.total().method()).isEmpty();
        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.error()).isEqualTo("Exception('boom')");
            assertThat(error.occurrences()).isEqualTo(1);
        });

        RequestStats merged = new RequestStats();
        merged.merge(report.toRequestStats());
        merged.merge(report.toRequestStats());
        assertThat(merged.total().numRequests()).isEqualTo(6);
        assertThat(merged.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.occurrences()).isEqualTo(2));
    }

    @Test
    void javaReportsKeepTheExactHistogram() throws ProtocolException {
        RequestStats stats = new RequestStats();
        for (int i = 1; i <= 1000; i++) {
            stats.record("GET", "/", i / 10.0, 12, i % 100 == 0 ? "HTTPError('500 Server Error')" : null);
        }
        WorkerReport sent = WorkerReport.of(stats.takeDelta(), Map.of("WebsiteUser", 3));
        byte[] bytes = codec.encode(new Message(Message.STATS, sent.toWire(), "w_1"));
        WorkerReport received = WorkerReport.fromWire(codec.read(codec.decode(bytes), WorkerReport.Wire.class));

        StatsEntry entry = received.entries().get(0);
        assertThat(entry.histogram()).isNotNull();
        assertThat(entry.histogram().getTotalCount()).isEqualTo(1000);
        assertThat(entry.numFailures()).isEqualTo(10);
        assertThat(received.userCount()).isEqualTo(3);
        RequestStats master = new RequestStats();
        master.merge(received.toRequestStats());
        // 99th percentile of 0.1..100 ms is 99 ms exactly; Locust's buckets would say 99 too
        // here, but only the histogram keeps sub-bucket precision such as the 50th (50 ms, not 50-59).
        assertThat(master.total().percentile(0.99)).isEqualTo(99);
        assertThat(master.total().histogram()).isNotNull();
        assertThat(stats.total().numRequests()).isZero();
    }

    @Test
    void ignoresAHistogramThatDisagreesWithTheCounts() throws ProtocolException {
        RequestStats stats = new RequestStats();
        stats.record("GET", "/", 5, 1, null);
        StatsEntryData sent = StatsEntryData.of(stats.takeDelta().entries().get(0));
        assertThat(sent.hdrHistogram()).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> wire = (Map<String, Object>)
                codec.decode(codec.encode(new Message("entry", sent, "w"))).data();
        wire.put("num_requests", 2L);
        assertThat(entry(wire).histogram()).isNull();
        wire.put("num_requests", 1L);
        assertThat(entry(wire).histogram()).isNotNull();
        wire.put("hdr_histogram", new byte[] {1, 2, 3});
        assertThat(entry(wire).histogram()).isNull();
    }

    private StatsEntry entry(Map<String, Object> wire) throws ProtocolException {
        return codec.read(new Message("entry", wire, "w"), StatsEntryData.class).toEntry();
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() ->
                        read(Message.STATS, Map.of("stats", List.of(Map.of("name", "/"))), WorkerReport.Wire.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith(
                        "stats data.stats[0].start_time: Missing required creator property 'start_time'");
        assertThatThrownBy(() -> read(Message.STATS, "nope", WorkerReport.Wire.class))
                .hasMessageStartingWith("stats data: Cannot construct instance of")
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> read(
                        Message.SPAWN,
                        Map.of("timestamp", 1.0, "user_classes_count", Map.of("A", "x")),
                        SpawnCommand.class))
                .hasMessage("spawn data.user_classes_count[A]: not a whole number in -2147483648..2147483647: x");
        assertThatThrownBy(() -> read(
                        Message.SPAWN,
                        Map.of("timestamp", 1.0, "user_classes_count", Map.of("A", 2.5)),
                        SpawnCommand.class))
                .hasMessage("spawn data.user_classes_count[A]: not a whole number in -2147483648..2147483647: 2.5");
        assertThatThrownBy(() -> read(
                        Message.SPAWN,
                        Map.of("timestamp", 1.0, "user_classes_count", Map.of("A", -1)),
                        SpawnCommand.class))
                .hasMessage("spawn data: user_classes_count[A] is negative: -1");
        assertThatThrownBy(() -> read(
                        Message.SPAWN, Map.of("timestamp", "1.0", "user_classes_count", Map.of()), SpawnCommand.class))
                .hasMessageStartingWith("spawn data.timestamp: Cannot coerce String value (\"1.0\")");
        assertThatThrownBy(() -> read(
                        Message.HEARTBEAT, Map.of("state", "dancing", "current_cpu_usage", 1), WorkerHeartbeat.class))
                .hasMessageStartingWith("heartbeat data.state: ")
                .hasMessageContaining("\"dancing\"");
        Map<String, Object> nullMessage = new LinkedHashMap<>();
        nullMessage.put("msg", null);
        nullMessage.put("traceback", "t");
        assertThatThrownBy(() -> read(Message.EXCEPTION, nullMessage, UserException.class))
                .hasMessage("exception data.msg: Invalid `null` value encountered for property \"msg\"");
        assertThatThrownBy(() -> read(Message.LOGS, Map.of("worker_id", 7, "logs", List.of()), WorkerLogs.class))
                .hasMessageStartingWith("logs data.worker_id: ");
    }

    /** Reads data as a peer's message: encoded, decoded, then bound. */
    private <T> T read(String type, Object data, Class<T> record) throws ProtocolException {
        return codec.read(codec.decode(codec.encode(new Message(type, data, "w"))), record);
    }

    @Test
    void payloadsRoundTrip() throws ProtocolException {
        SpawnCommand command = new SpawnCommand(1.5, Map.of("WebsiteUser", 4), "http://app", null, Map.of());
        SpawnCommand back = read(Message.SPAWN, command, SpawnCommand.class);
        assertThat(back).isEqualTo(command);
        assertThat(back.userCount()).isEqualTo(4);
        WorkerHeartbeat beat = new WorkerHeartbeat(RunnerState.SPAWNING, 12.5, 1L << 33);
        assertThat(read(Message.HEARTBEAT, beat, WorkerHeartbeat.class)).isEqualTo(beat);
        assertThat(read(Message.HEARTBEAT, Map.of("state", "running", "current_cpu_usage", 3), WorkerHeartbeat.class))
                .as("older workers send no memory figure")
                .isEqualTo(new WorkerHeartbeat(RunnerState.RUNNING, 3, 0));
        UserClassUpdate update = new UserClassUpdate("WebsiteUser", Map.of("weight", 3L));
        assertThat(read(Message.UPDATE_USER_CLASS, update, UserClassUpdate.class))
                .isEqualTo(update);
        assertThat(read(Message.SPAWNING_COMPLETE, SpawningComplete.of(Map.of("A", 2, "B", 1)), SpawningComplete.class))
                .isEqualTo(new SpawningComplete(Map.of("A", 2, "B", 1), 3));
    }
}
