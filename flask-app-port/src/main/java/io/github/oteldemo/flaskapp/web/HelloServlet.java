package io.github.oteldemo.flaskapp.web;

import io.github.oteldemo.flaskapp.telemetry.HelloRequestCounter;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The demo's one endpoint, {@code GET /}. Like the original Flask app, a configurable share of
 * requests fails with a random status between 400 and 500, to give the dashboards errors to show.
 *
 * <p>A plain servlet rather than a Jersey resource: Jersey's per-request machinery (routing,
 * content negotiation, filters, the response writer chain) cost about 40 µs of CPU a request,
 * most of what this endpoint costs, on a path that needs none of it. Every other path still goes
 * to Jersey, which answers 404 as before; other methods on {@code /} get the servlet's 405.
 */
public class HelloServlet extends HttpServlet {

    /**
     * The servlet mapping for exactly the context root: an exact match, so it wins over Jersey's
     * {@code /*}, where {@code "/"} would be the default servlet that {@code /*} shadows.
     */
    public static final String MAPPING = "";

    public static final String GREETING = "Hello World!";

    private static final int LOWEST_CHAOS_STATUS = 400;
    private static final int HIGHEST_CHAOS_STATUS = 500;

    private static final String ROUTE = "/";
    /** As the Jersey resource answered: plain text, no charset (the bodies are ASCII). */
    private static final String CONTENT_TYPE = "text/plain";

    private static final byte[] GREETING_BYTES = GREETING.getBytes(StandardCharsets.US_ASCII);

    private final int chaosTargetPercent;
    private final transient HelloRequestCounter helloRequests;
    /** Per call: the app's generator is {@code ThreadLocalRandom}, which must not cross threads. */
    private final transient Supplier<RandomGenerator> random;

    public HelloServlet(int chaosTargetPercent, HelloRequestCounter helloRequests, Supplier<RandomGenerator> random) {
        this.chaosTargetPercent = chaosTargetPercent;
        this.helloRequests = helloRequests;
        this.random = random;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The server span was started before routing; only the endpoint knows its route.
        HttpServerRoute.update(Context.current(), HttpServerRouteSource.SERVER, ROUTE);
        helloRequests.increment();
        RandomGenerator dice = random.get();
        byte[] body = GREETING_BYTES;
        if (dice.nextInt(100) < chaosTargetPercent) {
            int status = dice.nextInt(LOWEST_CHAOS_STATUS, HIGHEST_CHAOS_STATUS + 1);
            response.setStatus(status);
            body = ("Chaos: status " + status).getBytes(StandardCharsets.US_ASCII);
        }
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
