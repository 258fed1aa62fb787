package io.github.oteldemo.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's structure rules, checked on its own sources: no package cycles, no main file past 350 lines. */
class SourceRulesTest {

    /** Surefire sets basedir; the fuzz execution runs in target/fuzz. */
    private static final Path MAIN =
            Path.of(System.getProperty("basedir", "."), "src/main/java/io/github/oteldemo/loader");

    private static final Pattern IMPORT =
            Pattern.compile("^import io\\.github\\.oteldemo\\.loader\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final int MAX_LINES = 350;

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static String packageOf(Path source) {
        Path relative = MAIN.relativize(source.getParent());
        return relative.toString().isEmpty() ? "(root)" : relative.toString().replace('/', '.');
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path source : sources()) {
            String from = packageOf(source);
            Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher imported = IMPORT.matcher(Files.readString(source));
            while (imported.find()) {
                if (!imported.group(1).equals(from)) {
                    targets.add(imported.group(1));
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycles(start, start, uses, new ArrayList<>(List.of(start)), new HashSet<>(), cycles);
        }
        assertThat(cycles).as("package cycles in %s", uses).isEmpty();
    }

    private static void findCycles(
            String start,
            String at,
            Map<String, Set<String>> uses,
            List<String> path,
            Set<String> seen,
            List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycles(start, next, uses, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void noMainFileIsLongerThanTheModulesLimit() throws IOException {
        Map<String, Integer> tooLong = new TreeMap<>();
        for (Path source : sources()) {
            int lines = Files.readAllLines(source).size();
            if (lines > MAX_LINES) {
                tooLong.put(MAIN.relativize(source).toString(), lines);
            }
        }
        assertThat(tooLong).isEmpty();
    }
}
