package io.github.oteldemo.loader.runner;

import java.util.Set;

/**
 * An exception raised inside users (not a failed request), grouped like Locust's
 * {@code runner.exceptions}.
 *
 * @param count     occurrences
 * @param message   the exception message
 * @param traceback where it was raised
 * @param nodes     ids of the nodes (workers, or "local") where it happened
 */
public record ExceptionReport(long count, String message, String traceback, Set<String> nodes) {}
