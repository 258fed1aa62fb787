package io.github.oteldemo.flaskapp.resources;

import io.github.oteldemo.flaskapp.telemetry.HelloRequestCounter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The demo's one endpoint. Like the original Flask app, a configurable share of requests fails
 * with a random status between 400 and 500, to give the dashboards errors to show.
 */
@Path("/")
@Produces(MediaType.TEXT_PLAIN)
public class HelloResource {

    public static final String GREETING = "Hello World!";

    static final int LOWEST_CHAOS_STATUS = 400;
    static final int HIGHEST_CHAOS_STATUS = 500;

    private final int chaosTargetPercent;
    private final HelloRequestCounter helloRequests;
    /** Per call: the app's generator is {@code ThreadLocalRandom}, which must not cross threads. */
    private final Supplier<RandomGenerator> random;

    public HelloResource(int chaosTargetPercent, HelloRequestCounter helloRequests, Supplier<RandomGenerator> random) {
        this.chaosTargetPercent = chaosTargetPercent;
        this.helloRequests = helloRequests;
        this.random = random;
    }

    @GET
    public Response hello() {
        helloRequests.increment();
        RandomGenerator dice = random.get();
        if (dice.nextInt(100) < chaosTargetPercent) {
            int status = dice.nextInt(LOWEST_CHAOS_STATUS, HIGHEST_CHAOS_STATUS + 1);
            return Response.status(status).entity("Chaos: status " + status).build();
        }
        return Response.ok(GREETING).build();
    }
}
