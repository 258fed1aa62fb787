package io.github.oteldemo.chart.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Helm's output into fabric8's Kubernetes model types and refuses any field the
 * Kubernetes API does not define, so a mistyped or misplaced key fails the test instead of
 * being silently dropped by the API server.
 */
public final class StrictKubernetesYaml {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/DaemonSet", DaemonSet.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class));

    private final ObjectMapper mapper;

    public StrictKubernetesYaml() {
        mapper = YAMLMapper.builder()
                // fabric8's types keep unknown fields in an @JsonAnySetter map; without it
                // Jackson reports them, and FAIL_ON_UNKNOWN_PROPERTIES makes that an error.
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return Boolean.FALSE;
                    }
                })
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Parses a multi-document YAML stream, skipping empty documents. */
    public List<HasMetadata> parseAll(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                mapper.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue;
                }
                objects.add(parse(document));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered output is not YAML", e);
        }
        return objects;
    }

    private HasMetadata parse(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/"
                + document.path("kind").asText();
        Class<? extends HasMetadata> modelType = TYPES.get(type);
        if (modelType == null) {
            throw new IllegalArgumentException("rendered an object of a type the tests do not know: " + type);
        }
        try {
            return mapper.treeToValue(document, modelType);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    type + " " + document.path("metadata").path("name").asText() + " does not fit the Kubernetes API: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    /** Reads plain YAML (a collector configuration, a values file) as a tree. */
    public JsonNode tree(String yaml) {
        try {
            return mapper.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
