package io.github.oteldemo.flaskapp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port already taken stops start-up with one line naming the port and its setting: exit 1. */
class PortInUseTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aTakenApplicationPortIsNamedWithItsVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ChildApp app = ChildApp.start(
                        Map.of("PORT", Integer.toString(taken.getLocalPort()), "ADMIN_PORT", "0"), "server")) {
            app.assertFailsWithOneLine(
                    PATIENCE,
                    "Cannot listen on port " + taken.getLocalPort() + " (Address already in use): "
                            + "server.applicationConnectors[0].port (environment variable PORT)");
        }
    }

    @Test
    void aTakenAdminPortIsNamedWithItsSetting(@TempDir Path directory) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(directory.resolve("config.yml"), """
                    server:
                      applicationConnectors:
                        - type: http
                          bindHost: 127.0.0.1
                          port: 0
                      adminConnectors:
                        - type: http
                          bindHost: 127.0.0.1
                          port: %d
                    """.formatted(taken.getLocalPort()));
            try (ChildApp app = ChildApp.start(Map.of(), "server", config.toString())) {
                app.assertFailsWithOneLine(
                        PATIENCE,
                        "Cannot listen on 127.0.0.1:" + taken.getLocalPort()
                                + " (Address already in use): server.adminConnectors[0].port");
            }
        }
    }
}
