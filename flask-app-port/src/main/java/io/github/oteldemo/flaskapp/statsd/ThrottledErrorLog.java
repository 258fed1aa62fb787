package io.github.oteldemo.flaskapp.statsd;

import com.timgroup.statsd.StatsDClientErrorHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs StatsD send failures (the exporter is down, the host does not resolve) at most once a
 * minute: the reporter keeps trying, and a failure on every packet would flood the log.
 */
final class ThrottledErrorLog implements StatsDClientErrorHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(StatsdReporter.class);
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String destination;
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

    ThrottledErrorLog(String host, int port) {
        this.destination = host + ":" + port;
    }

    @Override
    public void handle(Exception failure) {
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
            LOGGER.warn("Sending metrics to StatsD at {} failed: {}", destination, failure.toString());
        }
    }
}
