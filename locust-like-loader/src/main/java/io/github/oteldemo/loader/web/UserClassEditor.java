package io.github.oteldemo.loader.web;

import static io.github.oteldemo.loader.web.Exchanges.bytes;
import static io.github.oteldemo.loader.web.Exchanges.jsonObject;
import static io.github.oteldemo.loader.web.Exchanges.respond;

import com.fasterxml.jackson.core.JacksonException;
import com.sun.net.httpserver.HttpExchange;
import io.github.oteldemo.loader.runner.LoadRunner;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /user}, what Locust's user class editor posts: the JSON settings of one user class,
 * which the runner applies (Locust's {@code update_user_class}). Answers 201 with an empty object
 * as Locust does; 400 with one line for a body that is not a JSON object, an unknown class or a
 * bad value; 405 for other methods.
 */
final class UserClassEditor {

    private static final Logger LOG = LoggerFactory.getLogger(UserClassEditor.class);

    private UserClassEditor() {}

    static void handle(HttpExchange exchange, LoadRunner runner) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "text/plain", bytes("use POST"));
            return;
        }
        try {
            runner.updateUserClass(jsonObject(exchange));
            respond(exchange, 201, "application/json", bytes("{}"));
        } catch (JacksonException e) {
            respond(exchange, 400, "text/plain; charset=utf-8", bytes("the body must be a JSON object"));
        } catch (IllegalArgumentException e) {
            // Locust answers an unknown class with a 500 (its KeyError); a 400 says whose mistake it is.
            LOG.error("POST /user refused: {}", e.getMessage());
            respond(exchange, 400, "text/plain; charset=utf-8", bytes(e.getMessage()));
        }
    }
}
