package io.github.oteldemo.flaskapp.telemetry.jetty;

import io.github.oteldemo.flaskapp.telemetry.jetty.internal.ServerTracer;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/** Settings of a {@link JettyServerTelemetry}. */
public final class JettyServerTelemetryBuilder {

    private static final String INSTRUMENTATION_NAME = "io.github.oteldemo.flaskapp.jetty";

    private final OpenTelemetry openTelemetry;
    private Set<String> skippedConnectors = Set.of();

    JettyServerTelemetryBuilder(OpenTelemetry openTelemetry) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Connectors, by name, whose requests are not traced, e.g. an admin port whose health probes
     * are not traffic. None by default.
     */
    public JettyServerTelemetryBuilder setSkippedConnectors(Collection<String> connectorNames) {
        this.skippedConnectors = Set.copyOf(connectorNames);
        return this;
    }

    public JettyServerTelemetry build() {
        return new JettyServerTelemetry(new ServerTracer(openTelemetry, INSTRUMENTATION_NAME, skippedConnectors));
    }
}
