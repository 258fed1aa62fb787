package io.github.oteldemo.loader.protocol;

/**
 * The payload of the master's {@value Message#SPAWNING_COMPLETE}, sent to every worker once the
 * whole ramp-up is done (Locust names both directions alike).
 *
 * @param userCount the users running on all workers
 */
public record RampUpComplete(@Required int userCount) {}
