package io.github.oteldemo.flaskapp.cli;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the configuration embedded in the jar when the server command was given no file, and the
 * named file otherwise. Dropwizard has a provider for each of the two, but none that chooses.
 */
public final class EmbeddedOrFileSourceProvider implements ConfigurationSourceProvider {

    /** The path the server command substitutes when no file is given. */
    public static final String EMBEDDED_CONFIGURATION = "embedded config.yml";

    private static final String EMBEDDED_RESOURCE = "config.yml";

    private final ConfigurationSourceProvider embedded = new ResourceConfigurationSourceProvider();
    private final ConfigurationSourceProvider files = new FileConfigurationSourceProvider();

    @Override
    public InputStream open(String path) throws IOException {
        if (EMBEDDED_CONFIGURATION.equals(path)) {
            return embedded.open(EMBEDDED_RESOURCE);
        }
        return files.open(path);
    }
}
