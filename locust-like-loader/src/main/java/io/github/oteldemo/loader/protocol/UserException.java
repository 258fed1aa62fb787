package io.github.oteldemo.loader.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The payload of an {@value Message#EXCEPTION} message: an error raised inside a user.
 *
 * @param message   the exception's message
 * @param traceback where it was raised
 */
public record UserException(
        @Required @JsonProperty("msg") String message,
        @Required String traceback) {}
