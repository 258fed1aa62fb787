package io.github.oteldemo.loader.protocol;

/**
 * The payload of the master's {@value Message#ACK}.
 *
 * @param index the worker's index among the master's workers; masters before Locust 2.10.2 send
 *              no data at all
 */
public record Ack(@Required int index) {}
