package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.PythonLocustfile;
import io.github.oteldemo.loader.protocol.LocustVersion;
import io.github.oteldemo.loader.protocol.LocustfileRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's answer to a {@code locustfile} request (a Python worker started with {@code -f -}):
 * Locust's {@code {"locustfiles": [{"filename", "contents"}]}}, or {@code {"error"}}.
 */
final class LocustfileOffer {

    private static final Logger LOG = LoggerFactory.getLogger(LocustfileOffer.class);

    private LocustfileOffer() {}

    static Map<String, Object> reply(PythonLocustfile offered, String worker, LocustfileRequest request) {
        if (LocustVersion.check(request.version()) == LocustVersion.Match.TOO_OLD) {
            LOG.error("A very old worker version requested locustfile. This probably won't work.");
        }
        LOG.debug("Worker {} requested locust file", worker);
        return offered == null
                ? Map.of("error", "this master has no locustfile to offer")
                : Map.of(
                        "locustfiles", List.of(Map.of("filename", offered.filename(), "contents", offered.contents())));
    }
}
