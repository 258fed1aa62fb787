package io.github.oteldemo.flaskapp.health;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.util.List;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.jspecify.annotations.Nullable;

/**
 * Healthy while the application port accepts requests: unhealthy before the server has started
 * and as soon as a shutdown stops accepting, so a readiness probe on {@code /healthcheck} takes
 * the pod out of the Service before it goes away.
 */
public class ApplicationPortHealthCheck extends HealthCheck implements ServerLifecycleListener {

    private static final String APPLICATION_CONNECTOR = "application";

    @Nullable
    private volatile Server server;

    @Override
    public void serverStarted(Server server) {
        this.server = server;
    }

    @Override
    protected Result check() {
        Server started = server;
        if (started == null) {
            return Result.unhealthy("the server has not started");
        }
        List<NetworkConnector> application = started.getBeans(NetworkConnector.class).stream()
                .filter(connector -> APPLICATION_CONNECTOR.equals(connector.getName()))
                .toList();
        if (application.isEmpty()) {
            return Result.unhealthy("no application connector");
        }
        for (NetworkConnector connector : application) {
            if (!connector.isOpen() || connector.isShutdown()) {
                return Result.unhealthy("the application port %d no longer accepts requests", connector.getLocalPort());
            }
        }
        return Result.healthy(
                "accepting requests on port %d", application.get(0).getLocalPort());
    }
}
