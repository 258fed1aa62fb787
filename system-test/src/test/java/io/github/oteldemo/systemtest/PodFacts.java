package io.github.oteldemo.systemtest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kubelet knows about a pod, for turning a rendered container's {@code env} into the
 * variables its process sees: the downward API's {@code fieldRef}s and Kubernetes' own
 * {@code $(VAR)} expansion of earlier variables.
 *
 * @param name      metadata.name
 * @param namespace metadata.namespace
 * @param nodeName  spec.nodeName
 * @param podIp     status.podIP
 * @param hostIp    status.hostIP
 */
record PodFacts(String name, String namespace, String nodeName, String podIp, String hostIp) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** The container's environment as Kubernetes would give it to the process. */
    Map<String, String> environmentOf(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValueFrom() != null) {
                if (variable.getValueFrom().getFieldRef() == null) {
                    throw new IllegalArgumentException(container.getName() + " reads " + variable.getName()
                            + " from a source the test has no stand-in for: " + variable.getValueFrom());
                }
                value = field(variable.getValueFrom().getFieldRef().getFieldPath());
            } else {
                value = expand(variable.getValue() == null ? "" : variable.getValue(), environment);
            }
            environment.put(variable.getName(), value);
        }
        return environment;
    }

    private String field(String path) {
        return switch (path) {
            case "metadata.name" -> name;
            case "metadata.namespace" -> namespace;
            case "spec.nodeName" -> nodeName;
            case "status.podIP" -> podIp;
            case "status.hostIP" -> hostIp;
            default -> throw new IllegalArgumentException("no stand-in for the downward API field " + path);
        };
    }

    /** $(VAR) becomes an earlier variable's value; an unknown one stays as written, as in Kubernetes. */
    private static String expand(String value, Map<String, String> earlier) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String replacement = earlier.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }
}
