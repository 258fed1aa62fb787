package io.github.oteldemo.flaskapp.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Environment;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's {@code server} command, except that a port already in use stops start-up with one
 * line naming the port and its setting instead of a logged stack trace.
 */
public class PortCheckingServerCommand<T extends Configuration> extends ServerCommand<T> {

    /** Dropwizard's name for its failure log line, so that it reads as before. */
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerCommand.class);

    public PortCheckingServerCommand(Application<T> application) {
        super(application);
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
            Optional<PortUnavailableException> portUnavailable =
                    PortUnavailableException.of(failure, server, configuration.getServerFactory());
            if (portUnavailable.isEmpty()) {
                LOGGER.error("Unable to start server, shutting down", failure);
            }
            stopAfterFailedStart(server);
            if (portUnavailable.isPresent()) {
                throw portUnavailable.get();
            }
            throw failure;
        }
        new Thread(
                        () -> {
                            try {
                                server.join();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "dw-awaiter")
                .start();
    }

    /**
     * Where a setting named in an error message comes from, added to the message; as it is by
     * default.
     */
    protected String withSettingSource(String message, Namespace namespace) {
        return message;
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (error instanceof PortUnavailableException portUnavailable) {
            cli.getStdErr().println(withSettingSource(portUnavailable.getMessage(), namespace));
        } else {
            super.onError(cli, namespace, error);
        }
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
}
