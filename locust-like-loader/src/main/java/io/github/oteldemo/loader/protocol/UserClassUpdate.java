package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of the master's {@value Message#UPDATE_USER_CLASS}: Locust's user class editor sends
 * the class name next to whatever attributes were edited, so those stay free-form here; a runner
 * reads and checks them as a {@code config.UserClassEdit} when it applies them.
 *
 * @param userClassName the user class
 * @param attributes    the edited attributes (weight, fixed_count, host, ...), without the name
 */
public record UserClassUpdate(
        @Required String userClassName,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> attributes) {

    /**
     * @param userClassName the user class
     * @param attributes    the edited attributes, or null for none
     */
    public UserClassUpdate {
        attributes = attributes == null ? new LinkedHashMap<>() : attributes;
    }
}
