package io.github.oteldemo.loader.web;

import java.time.Duration;

/**
 * What the page's start form shows before a run (the command line's values), and whether the
 * page belongs to a master.
 *
 * @param host        target base URL, or null
 * @param users       user count
 * @param spawnRate   users started per second
 * @param runTime     run time, or null for none
 * @param distributed whether the runner is a master: the API then counts and lists workers
 */
public record PageDefaults(String host, int users, double spawnRate, Duration runTime, boolean distributed) {}
