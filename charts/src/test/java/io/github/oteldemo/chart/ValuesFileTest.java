package io.github.oteldemo.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oteldemo.chart.render.ChartUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * values.yaml documents every key the schema declares (a comment right above it that starts
 * with the key's dotted name), and the schema declares every key values.yaml sets.
 */
class ValuesFileTest {

    /** Keys handed to the collector subcharts: their own chart documents what is inside. */
    private static final Set<String> SUBCHARTS = Set.of("otel-agent", "otel-gateway");
    /** Declared by the schema for Helm's sake; values.yaml sets none. */
    private static final Set<String> NOT_IN_VALUES = Set.of("global");

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_-]*):(?: |$)");

    static Map<String, String> commentAbove = new LinkedHashMap<>();
    static Set<String> schemaPaths = new TreeSet<>();

    @BeforeAll
    static void read() throws IOException {
        ChartUnderTest chart = ChartUnderTest.fromBuild();
        readValues(Files.readAllLines(chart.directory().resolve("values.yaml")));
        JsonNode schema = new ObjectMapper()
                .readTree(chart.directory().resolve("values.schema.json").toFile());
        collect(schema, "", schemaPaths);
    }

    /** Maps each key's dotted path to the first line of the comment block right above it. */
    private static void readValues(List<String> lines) {
        Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        List<String> comment = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                comment.add(trimmed);
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (key.find()) {
                int indent = key.group(1).length();
                while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                    parents.pop();
                }
                List<String> path = new ArrayList<>();
                parents.descendingIterator().forEachRemaining(p -> path.add(p.getValue()));
                path.add(key.group(2));
                String dotted = String.join(".", path);
                commentAbove.put(dotted, comment.isEmpty() ? "" : comment.get(0));
                parents.push(Map.entry(indent, key.group(2)));
            }
            comment.clear();
        }
    }

    private static void collect(JsonNode schema, String prefix, Set<String> paths) {
        schema.path("properties").fields().forEachRemaining(property -> {
            String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            paths.add(path);
            if (!SUBCHARTS.contains(path)) {
                collect(property.getValue(), path, paths);
            }
        });
    }

    @Test
    void everyDeclaredKeyIsCommentedWithItsName() {
        List<String> undocumented = new ArrayList<>();
        for (String path : schemaPaths) {
            String comment = commentAbove.get(path);
            if (comment != null && !comment.startsWith("# " + path + " ")) {
                undocumented.add(path + " (comment above: \"" + comment + "\")");
            }
        }
        assertThat(undocumented)
                .as("keys whose comment does not start with their name")
                .isEmpty();
    }

    @Test
    void schemaAndValuesDeclareTheSameKeys() {
        Set<String> missingFromValues = new TreeSet<>(schemaPaths);
        missingFromValues.removeAll(commentAbove.keySet());
        missingFromValues.removeAll(NOT_IN_VALUES);
        assertThat(missingFromValues)
                .as("schema keys without a default in values.yaml")
                .isEmpty();

        Set<String> undeclared = new TreeSet<>();
        for (String path : commentAbove.keySet()) {
            String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            boolean insideOpenObject = schemaPaths.stream().anyMatch(p -> path.startsWith(p + ".") && !hasChildren(p));
            if (!SUBCHARTS.contains(top) && !schemaPaths.contains(path) && !insideOpenObject) {
                undeclared.add(path);
            }
        }
        assertThat(undeclared)
                .as("values.yaml keys the schema does not declare")
                .isEmpty();
    }

    private static boolean hasChildren(String path) {
        return schemaPaths.stream().anyMatch(p -> p.startsWith(path + "."));
    }
}
