package io.github.oteldemo.loader.master;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition over loopback-driven state until it holds or a deadline passes. */
public final class Eventually {

    private Eventually() {}

    /**
     * @param within    how long to wait
     * @param condition what must become true
     * @param state     described in the failure message
     * @throws AssertionError when the condition did not hold in time
     * @throws InterruptedException when interrupted
     */
    public static void await(Duration within, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + within.toSeconds() + " s: " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
