package io.github.oteldemo.flaskapp.lifecycle;

import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ends the process with status 0 on SIGTERM, after a graceful stop: Jetty stops accepting,
 * finishes the requests in flight (up to {@code server.shutdownGracePeriod}), then the managed
 * objects flush their telemetry.
 *
 * <p>The JVM's own SIGTERM handling runs the same stop from Jetty's shutdown hook but then exits
 * with 143, which Kubernetes and process supervisors record as a failure. {@code sun.misc.Signal}
 * is the only way to replace that handler; no library offers it.
 */
public final class SigtermShutdown implements ServerLifecycleListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(SigtermShutdown.class);

    @Override
    public void serverStarted(Server server) {
        Signal.handle(new Signal("TERM"), signal -> new Thread(() -> stop(server), "sigterm-shutdown").start());
    }

    private static void stop(Server server) {
        int status = 0;
        try {
            LOGGER.info("SIGTERM: finishing requests in flight, then flushing telemetry");
            server.stop();
        } catch (Exception failure) {
            LOGGER.error("Graceful shutdown failed", failure);
            status = 1;
        }
        System.exit(status);
    }
}
