package io.github.oteldemo.loader.protocol;

/**
 * The payload of a Python worker's {@value Message#LOCUSTFILE} request (a worker started with
 * {@code -f -}).
 *
 * @param version the worker's Locust version, as in {@value Message#CLIENT_READY} (see
 *                {@link LocustVersion#check(Object)}), or null
 */
public record LocustfileRequest(Object version) {}
