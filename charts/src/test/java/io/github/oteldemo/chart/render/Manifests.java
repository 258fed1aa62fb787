package io.github.oteldemo.chart.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The objects one {@code helm template} run produced. */
public final class Manifests {

    /** A pod as a workload will create it: the owner's kind and name, its labels and spec. */
    public record PodTemplate(String owner, Map<String, String> labels, PodSpec spec) {}

    private final List<HasMetadata> objects;
    private final StrictKubernetesYaml yaml;

    Manifests(List<HasMetadata> objects, StrictKubernetesYaml yaml) {
        this.objects = List.copyOf(objects);
        this.yaml = yaml;
    }

    public List<HasMetadata> all() {
        return objects;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new NoSuchElementException(
                        "no " + type.getSimpleName() + " named " + name + " was rendered; rendered: " + names()));
    }

    public List<String> names() {
        return objects.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .toList();
    }

    /** Every pod the rendered workloads (and `helm test` pods) would run. */
    public List<PodTemplate> podTemplates() {
        List<PodTemplate> pods = new ArrayList<>();
        for (Deployment d : all(Deployment.class)) {
            pods.add(new PodTemplate(
                    "Deployment/" + d.getMetadata().getName(),
                    d.getSpec().getTemplate().getMetadata().getLabels(),
                    d.getSpec().getTemplate().getSpec()));
        }
        for (DaemonSet d : all(DaemonSet.class)) {
            pods.add(new PodTemplate(
                    "DaemonSet/" + d.getMetadata().getName(),
                    d.getSpec().getTemplate().getMetadata().getLabels(),
                    d.getSpec().getTemplate().getSpec()));
        }
        for (Pod p : all(Pod.class)) {
            pods.add(new PodTemplate(
                    "Pod/" + p.getMetadata().getName(), p.getMetadata().getLabels(), p.getSpec()));
        }
        return pods;
    }

    public PodSpec podSpecOf(Class<? extends HasMetadata> workloadType, String name) {
        String owner = workloadType.getSimpleName() + "/" + name;
        return podTemplates().stream()
                .filter(p -> p.owner().equals(owner))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no workload " + owner + "; rendered: " + names()))
                .spec();
    }

    /** The pods a Service selects. */
    public List<PodTemplate> selectedBy(Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        return podTemplates().stream()
                .filter(p -> p.labels() != null && p.labels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    /** The collector configuration the official chart wrote into a ConfigMap (key "relay"). */
    public JsonNode collectorConfig(String configMapName) {
        return yaml.tree(get(ConfigMap.class, configMapName).getData().get("relay"));
    }
}
