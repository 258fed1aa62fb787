package io.github.oteldemo.loader.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The YAML task file given with {@code -f}: the user classes of a test.
 *
 * <pre>
 * users:
 *   - name: WebsiteUser
 *     weight: 1
 *     wait_time: {type: between, min: 1, max: 2.5}
 *     tasks:
 *       - {path: /, weight: 3}
 *       - {method: POST, path: /api, body: '{"a":1}', headers: {Content-Type: application/json}, expect_status: [201]}
 * </pre>
 *
 * @param users the user classes, names unique
 */
public record TaskFile(List<UserClassSpec> users) {

    /** The test run without {@code -f}: one {@code WebsiteUser} doing {@code GET /}. */
    public static final TaskFile DEFAULT = new TaskFile(List.of(UserClassSpec.DEFAULT));

    /** Validates; Jackson reports the exception with its location. */
    @JsonCreator
    public TaskFile(@JsonProperty(value = "users", required = true) List<UserClassSpec> users) {
        if (users == null || users.isEmpty()) {
            throw new IllegalArgumentException("users must list at least one user class");
        }
        Set<String> seen = new HashSet<>();
        for (UserClassSpec user : users) {
            if (!seen.add(user.name())) {
                throw new IllegalArgumentException("user class name '" + user.name() + "' is used twice");
            }
        }
        this.users = List.copyOf(users);
    }

    /**
     * Reads and validates a task file.
     *
     * @param file the YAML file
     * @return the task file
     * @throws InvalidTaskFileException with a one-line message naming the file, line and field
     */
    public static TaskFile load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            String content = Files.readString(file);
            if (content.isBlank()) {
                throw new InvalidTaskFileException("task file " + file + ": is empty");
            }
            TaskFile taskFile = yaml.readValue(content, TaskFile.class);
            if (taskFile == null) {
                throw new InvalidTaskFileException("task file " + file + ": has no users");
            }
            return taskFile;
        } catch (NoSuchFileException e) {
            throw new InvalidTaskFileException("task file " + file + ": no such file");
        } catch (JsonMappingException e) {
            MarkedYAMLException syntax = syntaxError(e);
            if (syntax != null) {
                throw notYaml(file, syntax);
            }
            throw new InvalidTaskFileException(
                    "task file " + file + where(location(e, content(file))) + fieldPath(e) + ": " + reason(e));
        } catch (JsonProcessingException e) {
            MarkedYAMLException syntax = syntaxError(e);
            if (syntax != null) {
                throw notYaml(file, syntax);
            }
            throw new InvalidTaskFileException(
                    "task file " + file + where(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidTaskFileException("task file " + file + ": cannot be read: " + e.getMessage());
        }
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : ", line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Renders Jackson's reference path as {@code users[0].tasks[1].weight}. */
    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "" : ", field " + (path.startsWith(".") ? path.substring(1) : path);
    }

    private static MarkedYAMLException syntaxError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    private static InvalidTaskFileException notYaml(Path file, MarkedYAMLException syntax) {
        String where = syntax.getProblemMark() == null
                ? ""
                : ", line " + (syntax.getProblemMark().getLine() + 1) + ", column "
                        + (syntax.getProblemMark().getColumn() + 1);
        return new InvalidTaskFileException("task file " + file + where + ": not valid YAML: " + syntax.getProblem());
    }

    private static String content(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Jackson reports an unknown field of a record where the record's mapping ends (it buffers
     * creator properties), so the field's own line is looked up: the last line at or before that
     * point where the name appears as a key.
     */
    private static JsonLocation location(JsonMappingException e, String content) {
        JsonLocation reported = e.getLocation();
        if (!(e instanceof UnrecognizedPropertyException unknown) || reported == null) {
            return reported;
        }
        Pattern key = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(unknown.getPropertyName()) + "\\s*:");
        List<String> lines = content.lines().toList();
        for (int line = Math.min(reported.getLineNr(), lines.size()); line >= 1; line--) {
            Matcher match = key.matcher(lines.get(line - 1));
            if (match.find()) {
                return new JsonLocation(reported.contentReference(), -1, line, match.end(1) + 1);
            }
        }
        return reported;
    }

    private static String reason(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return cause.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "' (known: " + unknown.getKnownPropertyIds() + ")";
        }
        if (e instanceof InvalidFormatException format) {
            return "expected " + describe(format.getTargetType()) + ", got '" + format.getValue() + "'";
        }
        if (e.getOriginalMessage().startsWith("Missing required creator property")) {
            return "a required field is missing: "
                    + e.getOriginalMessage().replaceAll("^Missing required creator property '([^']*)'.*$", "$1");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" (");
        // Jackson's own messages name Java classes; keep the first clause, which names the problem.
        return (detail > 0 ? message.substring(0, detail) : message).replace('\n', ' ');
    }
}
