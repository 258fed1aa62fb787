package io.github.oteldemo.flaskapp;

import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/** The app plus one slow endpoint, to hold a request in flight while a test sends SIGTERM. */
public class SlowRequestApp extends FlaskAppApplication {

    static final String SLOW_REQUEST_STARTED = "slow request started";
    static final String SLOW_ANSWER = "finished after all";
    private static final long SLOW_MILLIS = 2_000;

    public static void main(String[] args) throws Exception {
        new SlowRequestApp().run(args);
    }

    @Override
    public void run(FlaskAppConfiguration configuration, Environment environment) throws IOException {
        super.run(configuration, environment);
        environment.jersey().register(new SlowResource());
    }

    @Path("/slow")
    public static class SlowResource {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String slow() throws InterruptedException {
            // The test waits for this line on the child's stdout before it sends SIGTERM.
            System.out.println(SLOW_REQUEST_STARTED);
            System.out.flush();
            Thread.sleep(SLOW_MILLIS);
            return SLOW_ANSWER;
        }
    }
}
