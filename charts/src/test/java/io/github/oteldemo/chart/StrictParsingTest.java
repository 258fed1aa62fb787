package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.oteldemo.chart.render.StrictKubernetesYaml;
import org.junit.jupiter.api.Test;

/** The parser every rendering goes through refuses what the API server would drop. */
class StrictParsingTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s
            """;

    private final StrictKubernetesYaml yaml = new StrictKubernetesYaml();

    @Test
    void readsAValidObjectIntoItsModelType() {
        assertThat(yaml.parseAll(DEPLOYMENT.formatted("imagePullPolicy: Never")))
                .singleElement()
                .isInstanceOf(Deployment.class);
    }

    @Test
    void refusesAFieldTheApiDoesNotDefine() {
        // A classic slip: readinessProbe's port written one level too high.
        assertThatThrownBy(() -> yaml.parseAll(DEPLOYMENT.formatted("port: 8080")))
                .hasMessageContaining("apps/v1/Deployment demo does not fit the Kubernetes API")
                .hasMessageContaining("\"port\"");
    }

    @Test
    void refusesAKindTheTestsDoNotKnow() {
        assertThatThrownBy(() -> yaml.parseAll("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"))
                .hasMessageContaining("example.com/v1/Widget");
    }
}
