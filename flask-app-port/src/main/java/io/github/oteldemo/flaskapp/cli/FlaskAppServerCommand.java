package io.github.oteldemo.flaskapp.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.FileNotFoundException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command with two changes: without a file argument it runs the
 * embedded configuration (whose values come from environment variables) instead of bare
 * defaults, and a bad setting is reported as one line naming it rather than a stack trace.
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
}
