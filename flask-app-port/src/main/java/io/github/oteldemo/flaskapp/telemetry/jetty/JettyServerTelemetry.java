package io.github.oteldemo.flaskapp.telemetry.jetty;

import io.github.oteldemo.flaskapp.telemetry.jetty.internal.ServerTracer;
import io.github.oteldemo.flaskapp.telemetry.jetty.internal.TracingErrorHandler;
import io.github.oteldemo.flaskapp.telemetry.jetty.internal.TracingHandler;
import io.opentelemetry.api.OpenTelemetry;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * OpenTelemetry instrumentation of a Jetty 12 server: one SERVER span, and one
 * {@code http.server.request.duration} measurement, per HTTP request.
 *
 * <pre>{@code
 * JettyServerTelemetry telemetry = JettyServerTelemetry.builder(openTelemetry)
 *         .setSkippedConnectors(Set.of("admin"))
 *         .build();
 * telemetry.install(server); // or server.addEventListener(telemetry.installOnStart())
 * }</pre>
 *
 * <p>Servlet filters would miss requests Jetty answers itself: malformed requests and oversized
 * headers (400, 431) are rejected by the connection before any handler runs, and reach only the
 * server's error handler. So the instrumentation sits at the server level: a wrapper around the
 * whole handler tree, plus a wrapper around the error handler for the requests the handler tree
 * never saw.
 */
public final class JettyServerTelemetry {

    private final ServerTracer tracer;

    JettyServerTelemetry(ServerTracer tracer) {
        this.tracer = tracer;
    }

    /** Instrumentation with the defaults: every connector traced. */
    public static JettyServerTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    public static JettyServerTelemetryBuilder builder(OpenTelemetry openTelemetry) {
        return new JettyServerTelemetryBuilder(openTelemetry);
    }

    /**
     * Wraps the server's current handler tree and error handler. Call it once, after the handlers
     * are set and before the server starts: a handler set later is not traced.
     */
    public void install(Server server) {
        server.setHandler(new TracingHandler(tracer, server.getHandler()));
        server.setErrorHandler(new TracingErrorHandler(tracer, server.getErrorHandler()));
    }

    /**
     * A listener that calls {@link #install} when the server starts, for frameworks that build
     * the server and only let one listen to its lifecycle (Dropwizard's
     * {@code environment.lifecycle().addEventListener}).
     */
    public LifeCycle.Listener installOnStart() {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    install(server);
                }
            }
        };
    }
}
