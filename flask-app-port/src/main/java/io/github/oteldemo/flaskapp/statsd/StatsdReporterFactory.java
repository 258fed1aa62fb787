package io.github.oteldemo.flaskapp.statsd;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.StatsDClient;
import io.dropwizard.metrics.common.BaseReporterFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.concurrent.TimeUnit;

/**
 * A Dropwizard reporter that sends the metric registry to a StatsD server (statsd-exporter in the
 * chart), configured like any other reporter:
 *
 * <pre>
 * metrics:
 *   reporters:
 *     - type: statsd
 *       host: localhost
 *       port: 9125
 *       prefix: flask_app
 *       frequency: 10s
 * </pre>
 *
 * <p>Durations go out in seconds, the unit Prometheus names expect.
 */
@JsonTypeName("statsd")
public class StatsdReporterFactory extends BaseReporterFactory {

    @NotBlank
    private String host = "localhost";

    // Not Dropwizard's @PortRange: it lets 0 through, which means "any port" only to a server.
    @Min(1)
    @Max(65535)
    private int port = 9125;

    @NotBlank
    private String prefix = "flask_app";

    public StatsdReporterFactory() {
        setDurationUnit(TimeUnit.SECONDS);
    }

    @JsonProperty
    public String getHost() {
        return host;
    }

    @JsonProperty
    public void setHost(String host) {
        this.host = host;
    }

    @JsonProperty
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public String getPrefix() {
        return prefix;
    }

    @JsonProperty
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public ScheduledReporter build(MetricRegistry registry) {
        StatsDClient statsd = new NonBlockingStatsDClientBuilder()
                .hostname(host)
                .port(port)
                .prefix(prefix)
                // Plain StatsD for statsd-exporter: none of the DogStatsD extras, and no
                // re-aggregation of values this reporter has already aggregated.
                .enableTelemetry(false)
                .enableAggregation(false)
                .originDetectionEnabled(false)
                // One thread each keeps the lines in the order the reporter wrote them: the 0
                // that precedes a negative gauge must arrive first.
                .processorWorkers(1)
                .senderWorkers(1)
                .errorHandler(new ThrottledErrorLog(host, port))
                .build();
        return new StatsdReporter(registry, statsd, getFilter(), getRateUnit(), getDurationUnit());
    }
}
