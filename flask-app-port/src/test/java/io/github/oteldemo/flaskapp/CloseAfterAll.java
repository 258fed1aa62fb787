package io.github.oteldemo.flaskapp;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes a test peer after the class's other extensions have finished with it. Registered with a
 * lower {@code @Order} than the app, it runs after the app's shutdown, which still exports.
 */
final class CloseAfterAll implements AfterAllCallback {

    private final AutoCloseable peer;

    CloseAfterAll(AutoCloseable peer) {
        this.peer = peer;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        peer.close();
    }
}
