package io.github.oteldemo.metricsexample;

/** A setting that cannot be used; the message names the variable and is meant for the user. */
final class InvalidSettingException extends RuntimeException {

    InvalidSettingException(String variable, String value, String expected) {
        super("invalid " + variable + " '" + value + "': expected " + expected, null, false, false);
    }
}
