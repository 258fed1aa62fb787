package io.github.oteldemo.flaskapp.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.FileNotFoundException;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's {@code server} command with two changes: without a file argument it runs the
 * embedded configuration (whose values come from environment variables) instead of bare
 * defaults, and a bad setting or a port already in use is reported as one line naming the
 * setting rather than a stack trace.
 */
public final class FlaskAppServerCommand<T extends Configuration> extends ServerCommand<T> {

    /** Settings of the embedded configuration and the environment variables they come from. */
    private static final Map<String, String> ENVIRONMENT_VARIABLES = Map.of(
            "chaosTargetPercent", "CHAOS_TARGET_PERCENT",
            "environment", "APP_ENVIRONMENT",
            "server.applicationConnectors[0].port", "PORT",
            "server.adminConnectors[0].port", "ADMIN_PORT",
            "metrics.reporters[0].host", "STATSD_HOST",
            "metrics.reporters[0].port", "STATSD_PORT",
            "metrics.reporters[0].prefix", "STATSD_PREFIX",
            "metrics.reporters[0].frequency", "STATSD_INTERVAL");

    private static final String FILE_ARGUMENT = "file";

    /** Dropwizard's name for its failure log line, so that it reads as before. */
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerCommand.class);

    public FlaskAppServerCommand(Application<T> application) {
        super(application);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        if (namespace.getString(FILE_ARGUMENT) == null) {
            namespace.getAttrs().put(FILE_ARGUMENT, EmbeddedOrFileSourceProvider.EMBEDDED_CONFIGURATION);
        }
        super.run(bootstrap, namespace);
    }

    /**
     * {@link ServerCommand}'s own start-up, but for one difference on failure: Dropwizard logs
     * every failure to start with its stack trace before rethrowing it, and a port that is
     * already taken is a user's mistake that deserves one line. Its start-up cannot be reused
     * without that log line, hence the copy.
     */
    @Override
    protected void run(Environment environment, Namespace namespace, T configuration) throws Exception {
        Server server = configuration.getServerFactory().build(environment);
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                cleanup();
            }
        });
        cleanupAsynchronously();
        try {
            server.start();
        } catch (Exception failure) {
            Optional<String> unboundPort = bindFailure(failure).flatMap(bindFailure ->
                    describeUnboundPort(server, configuration.getServerFactory(), namespace, bindFailure));
            if (unboundPort.isEmpty()) {
                LOGGER.error("Unable to start server, shutting down", failure);
            }
            stopAfterFailedStart(server);
            if (unboundPort.isPresent()) {
                throw new PortUnavailableException(unboundPort.get());
            }
            throw failure;
        }
        new Thread(() -> {
            try {
                server.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dw-awaiter").start();
    }

    private void stopAfterFailedStart(Server server) {
        try {
            server.stop();
        } catch (Exception stopFailure) {
            LOGGER.warn("Failure during stop server", stopFailure);
        }
        try {
            cleanup();
        } catch (Exception cleanupFailure) {
            LOGGER.warn("Failure during cleanup", cleanupFailure);
        }
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

    /** Names the port Jetty could not listen on, with its setting: the connector left closed. */
    private static Optional<String> describeUnboundPort(Server server, ServerFactory serverFactory, Namespace namespace,
            BindException failure) {
        for (var connector : server.getConnectors()) {
            if (connector instanceof ServerConnector network && !network.isOpen()) {
                String address = network.getHost() == null
                        ? "port " + network.getPort()
                        : network.getHost() + ":" + network.getPort();
                String message = "Cannot listen on " + address + " (" + failure.getMessage() + ")"
                        + setting(serverFactory, network).map(name -> ": " + name).orElse("");
                boolean embedded = EmbeddedOrFileSourceProvider.EMBEDDED_CONFIGURATION.equals(namespace.getString(FILE_ARGUMENT));
                return Optional.of(embedded ? withEnvironmentVariable(message) : message);
            }
        }
        return Optional.empty();
    }

    /** The configuration path of a connector's port, as the configuration errors name it. */
    private static Optional<String> setting(ServerFactory serverFactory, ServerConnector connector) {
        if (!(serverFactory instanceof DefaultServerFactory factory)) {
            return Optional.empty();
        }
        String list = "admin".equals(connector.getName()) ? "adminConnectors" : "applicationConnectors";
        List<ConnectorFactory> connectors = "admin".equals(connector.getName())
                ? factory.getAdminConnectors() : factory.getApplicationConnectors();
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) instanceof HttpConnectorFactory http && http.getPort() == connector.getPort()) {
                return Optional.of("server." + list + "[" + i + "].port");
            }
        }
        return Optional.empty();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (error instanceof PortUnavailableException portUnavailable) {
            cli.getStdErr().println(portUnavailable.getMessage());
        } else if (error instanceof ConfigurationException configurationError) {
            boolean embedded = EmbeddedOrFileSourceProvider.EMBEDDED_CONFIGURATION.equals(namespace.getString(FILE_ARGUMENT));
            cli.getStdErr().println(describe(configurationError, embedded));
        } else if (error instanceof FileNotFoundException missingFile) {
            cli.getStdErr().println("Cannot read the configuration: " + missingFile.getMessage());
        } else {
            super.onError(cli, namespace, error);
        }
    }

    /**
     * One line per configuration problem. Dropwizard's own message spans several lines and ends
     * with the parser's source position, which says nothing to someone who set an environment
     * variable.
     */
    static String describe(ConfigurationException error, boolean embedded) {
        return error.getErrors().stream()
                .map(FlaskAppServerCommand::firstLine)
                // Parse errors write list indexes as ".[0]", validation errors as "[0]".
                .map(message -> message.replace(".[", "["))
                .map(message -> embedded ? withEnvironmentVariable(message) : message)
                .collect(Collectors.joining("; ", "Invalid configuration: ", ""));
    }

    private static String firstLine(String message) {
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }

    private static String withEnvironmentVariable(String message) {
        for (Map.Entry<String, String> setting : ENVIRONMENT_VARIABLES.entrySet()) {
            // The whole path only: "port" inside "metrics.reporters[0].port" is another setting.
            Matcher path = Pattern.compile("(?<![\\w.\\]])" + Pattern.quote(setting.getKey()) + "(?![\\w.\\[])")
                    .matcher(message);
            if (path.find()) {
                return path.replaceFirst(Matcher.quoteReplacement(
                        setting.getKey() + " (environment variable " + setting.getValue() + ")"));
            }
        }
        return message;
    }

    /** A port the server could not listen on: a user's mistake, reported in one line. */
    private static final class PortUnavailableException extends Exception {
        PortUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
