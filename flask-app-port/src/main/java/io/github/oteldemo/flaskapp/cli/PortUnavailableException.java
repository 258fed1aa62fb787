package io.github.oteldemo.flaskapp.cli;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.BindException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A port the server could not listen on: a user's mistake, reported in one line that names the
 * address and the setting of the connector left closed. Without a stack trace, which would only
 * bury that line.
 */
final class PortUnavailableException extends Exception {

    /** {@link DefaultServerFactory}'s name for its admin connectors. */
    private static final String ADMIN_CONNECTOR = "admin";

    private PortUnavailableException(String message) {
        super(message, null, false, false);
    }

    /** The port failure behind a failed start, if a port is what failed. */
    static Optional<PortUnavailableException> of(Throwable startFailure, Server server, ServerFactory serverFactory) {
        return bindFailure(startFailure).flatMap(bindFailure -> {
            for (var connector : server.getConnectors()) {
                if (connector instanceof ServerConnector network && !network.isOpen()) {
                    String address = network.getHost() == null
                            ? "port " + network.getPort()
                            : network.getHost() + ":" + network.getPort();
                    return Optional.of(new PortUnavailableException(
                            "Cannot listen on " + address + " (" + bindFailure.getMessage() + ")"
                                    + setting(serverFactory, network)
                                            .map(name -> ": " + name)
                                            .orElse("")));
                }
            }
            return Optional.empty();
        });
    }

    /** Jetty wraps the bind failure, and gathers those of several connectors as suppressed. */
    private static Optional<BindException> bindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bindFailure) {
                return Optional.of(bindFailure);
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                Optional<BindException> found = bindFailure(suppressed);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The configuration path of a connector's port, as the configuration errors name it. */
    private static Optional<String> setting(ServerFactory serverFactory, ServerConnector connector) {
        if (!(serverFactory instanceof DefaultServerFactory factory)) {
            return Optional.empty();
        }
        boolean admin = ADMIN_CONNECTOR.equals(connector.getName());
        String list = admin ? "adminConnectors" : "applicationConnectors";
        List<ConnectorFactory> connectors = admin ? factory.getAdminConnectors() : factory.getApplicationConnectors();
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) instanceof HttpConnectorFactory http && http.getPort() == connector.getPort()) {
                return Optional.of("server." + list + "[" + i + "].port");
            }
        }
        return Optional.empty();
    }
}
