package io.github.oteldemo.flaskapp.telemetry;

import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the SDK to the server's lifecycle: JVM runtime metrics while running; on stop, which
 * Dropwizard calls after the server has finished its in-flight requests, a final export of spans
 * and metrics.
 */
public final class ManagedOpenTelemetry implements Managed {

    private static final Logger LOGGER = LoggerFactory.getLogger(ManagedOpenTelemetry.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final OpenTelemetrySdk sdk;

    @Nullable
    private RuntimeTelemetry runtimeTelemetry;

    public ManagedOpenTelemetry(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    @Override
    public void start() {
        runtimeTelemetry = RuntimeTelemetry.create(sdk);
    }

    @Override
    public void stop() {
        if (runtimeTelemetry != null) {
            runtimeTelemetry.close();
        }
        CompletableResultCode shutdown = sdk.shutdown().join(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!shutdown.isSuccess()) {
            LOGGER.warn(
                    "OpenTelemetry did not export everything it held within {} s of shutdown",
                    SHUTDOWN_TIMEOUT_SECONDS);
        }
    }
}
