package io.github.oteldemo.flaskapp.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * The app's {@code server} command: without a file argument it runs the embedded configuration
 * (whose values come from environment variables) instead of bare defaults, and every setting it
 * cannot use is reported in one line that names the setting and, for the embedded configuration,
 * its environment variable.
 */
public final class FlaskAppServerCommand<T extends Configuration> extends PortCheckingServerCommand<T> {

    private static final String FILE_ARGUMENT = "file";

    private final EmbeddedOrFileSourceProvider configurations = new EmbeddedOrFileSourceProvider();

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

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (error instanceof ConfigurationException configurationError) {
            cli.getStdErr().println(describe(configurationError, message -> withSettingSource(message, namespace)));
        } else if (error instanceof FileNotFoundException missingFile) {
            cli.getStdErr().println("Cannot read the configuration: " + missingFile.getMessage());
        } else {
            super.onError(cli, namespace, error);
        }
    }

    /** Only the embedded configuration's settings are known to come from environment variables. */
    @Override
    protected String withSettingSource(String message, Namespace namespace) {
        if (!EmbeddedOrFileSourceProvider.EMBEDDED_CONFIGURATION.equals(namespace.getString(FILE_ARGUMENT))) {
            return message;
        }
        try {
            return EmbeddedConfigurationVariables.read(
                            configurations, EmbeddedOrFileSourceProvider.EMBEDDED_CONFIGURATION)
                    .withVariableName(message);
        } catch (IOException unreadable) {
            // The jar's own resource: unreadable only in a broken build, and the setting's path still helps.
            return message;
        }
    }

    /**
     * One line for all configuration problems. Dropwizard's own message spans several lines and
     * ends with the parser's source position, which says nothing to someone who set an
     * environment variable.
     */
    private static String describe(ConfigurationException error, UnaryOperator<String> withSettingSource) {
        return error.getErrors().stream()
                .map(FlaskAppServerCommand::firstLine)
                // Parse errors write list indexes as ".[0]", validation errors as "[0]".
                .map(message -> message.replace(".[", "["))
                .map(withSettingSource)
                .collect(Collectors.joining("; ", "Invalid configuration: ", ""));
    }

    private static String firstLine(String message) {
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }
}
