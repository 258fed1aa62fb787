package io.github.oteldemo.flaskapp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which environment variable each setting of the embedded configuration comes from, read from its
 * {@code ${NAME:-default}} placeholders, so that config.yml stays the one list of the variables.
 * Someone who set a variable should read its name in an error, not only the setting's path.
 */
final class EmbeddedConfigurationVariables {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?}");

    /** Setting path as Dropwizard's messages write it, e.g. server.applicationConnectors[0].port. */
    private final Map<String, String> variableBySetting;

    private EmbeddedConfigurationVariables(Map<String, String> variableBySetting) {
        this.variableBySetting = variableBySetting;
    }

    /** Reads the placeholders of the configuration at {@code path}, before substitution. */
    static EmbeddedConfigurationVariables read(ConfigurationSourceProvider provider, String path) throws IOException {
        JsonNode root;
        try (InputStream in = provider.open(path)) {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        collect(root, "", variables);
        return new EmbeddedConfigurationVariables(Collections.unmodifiableMap(variables));
    }

    Map<String, String> variableBySetting() {
        return variableBySetting;
    }

    /** Adds "(environment variable NAME)" after the first setting of this configuration in {@code message}. */
    String withVariableName(String message) {
        for (Map.Entry<String, String> setting : variableBySetting.entrySet()) {
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

    private static void collect(JsonNode node, String path, Map<String, String> variables) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(field -> collect(
                            field.getValue(),
                            path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                            variables));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", variables);
            }
        } else if (node.isTextual()) {
            Matcher placeholder = PLACEHOLDER.matcher(node.asText());
            if (placeholder.find()) {
                variables.put(path, placeholder.group(1));
            }
        }
    }
}
