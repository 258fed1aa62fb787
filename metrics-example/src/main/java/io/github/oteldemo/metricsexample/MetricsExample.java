package io.github.oteldemo.metricsexample;

import ch.qos.logback.classic.Level;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Emits the {@code custom_metric_example} counter over OTLP until told to stop.
 *
 * <p>Environment → {@link MetricsExampleSettings} (and {@code OTEL_*} → the SDK) → the running
 * parts: the increment schedule, the health endpoint, and a shutdown hook that flushes on SIGTERM.
 */
public final class MetricsExample {

    /** Exit status for a setting that cannot be used. */
    static final int BAD_SETTING = 2;

    /** Exit status for a failure to start with valid settings, e.g. a port already taken. */
    static final int CANNOT_START = 1;

    /** How long the last export on SIGTERM may take; Kubernetes allows 30 s before SIGKILL. */
    static final Duration FINAL_EXPORT_BUDGET = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(MetricsExample.class);

    private final OpenTelemetrySdk sdk;
    private final IncrementSchedule schedule;
    private final HealthServer health;

    private MetricsExample(OpenTelemetrySdk sdk, IncrementSchedule schedule, HealthServer health) {
        this.sdk = sdk;
        this.schedule = schedule;
        this.health = health;
    }

    public static void main(String[] args) {
        // The SDK and its HTTP client log through java.util.logging; give them our format and levels.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        if (args.length > 0) {
            exit(
                    BAD_SETTING,
                    "unexpected argument '" + args[0] + "': settings come from environment variables (see README.md)");
            return;
        }
        MetricsExampleSettings settings;
        try {
            settings = MetricsExampleSettings.fromEnvironment(System.getenv());
        } catch (InvalidSettingException e) {
            exit(BAD_SETTING, e.getMessage());
            return;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(settings.logLevel()));

        OpenTelemetrySdk sdk;
        try {
            sdk = Telemetry.configure();
        } catch (ConfigurationException e) {
            exit(BAD_SETTING, "invalid OpenTelemetry setting: " + e.getMessage());
            return;
        }

        MetricsExample running;
        try {
            running = start(settings, sdk);
        } catch (IOException e) {
            // Nothing was counted yet, so there is nothing to flush.
            exit(
                    CANNOT_START,
                    "cannot serve "
                            + HealthServer.PATH
                            + " on "
                            + settings.healthHost()
                            + ":"
                            + settings.healthPort()
                            + ": "
                            + e.getMessage());
            return;
        }
        // The hook is in place before the program says it is up: a SIGTERM right after start-up
        // still ends in the final export and exit 0, not in the JVM's default 143.
        Runtime.getRuntime().addShutdownHook(new Thread(running::stopAndExit, "shutdown"));
        LOG.info(
                "health check on http://{}:{}{}",
                settings.healthHost(),
                running.health.address().getPort(),
                HealthServer.PATH);
        running.schedule.start();
        // main ends here; the increment thread keeps the program running until SIGTERM.
    }

    /**
     * Serves /healthz first, so a taken port stops the program before it counts anything; the
     * counting starts once the shutdown hook is in place.
     */
    private static MetricsExample start(MetricsExampleSettings settings, OpenTelemetrySdk sdk) throws IOException {
        CustomMetric metric = new CustomMetric(sdk.getMeter(Telemetry.INSTRUMENTATION_SCOPE), settings.environment());
        IncrementSchedule schedule =
                new IncrementSchedule(metric, settings.incrementInterval(), settings.summaryInterval());
        HealthServer health = HealthServer.start(settings.healthHost(), settings.healthPort(), schedule::isLive);
        return new MetricsExample(sdk, schedule, health);
    }

    /**
     * Runs as a shutdown hook (SIGTERM, SIGINT): stops counting, exports what the SDK holds within a
     * bounded time, and exits 0.
     *
     * <p>The final export is a flush rather than {@code sdk.shutdown()}: shutdown waits up to 5 s per
     * step on its own and reports only whether the exporter closed, not whether the data went out.
     * The process ends right after, so nothing else needs closing.
     */
    private void stopAndExit() {
        schedule.stop();
        health.close();
        CompletableResultCode flushed =
                sdk.getSdkMeterProvider().forceFlush().join(FINAL_EXPORT_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        if (flushed.isSuccess()) {
            LOG.info("stopped after {} increments; final export done", schedule.total());
        } else if (flushed.isDone()) {
            LOG.warn("stopped after {} increments; final export failed", schedule.total());
        } else {
            LOG.warn(
                    "stopped after {} increments; final export unfinished after {}s, giving up",
                    schedule.total(),
                    FINAL_EXPORT_BUDGET.toSeconds());
        }
        // A JVM ended by a signal reports 128+signal even after an orderly stop; the stop above is
        // the whole of our shutdown, so end here with the status a clean exit has.
        Runtime.getRuntime().halt(0);
    }

    private static void exit(int status, String message) {
        System.err.println("metrics-example: " + message);
        System.exit(status);
    }
}
