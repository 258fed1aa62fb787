package io.github.oteldemo.flaskapp;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.github.oteldemo.flaskapp.cli.EmbeddedOrFileSourceProvider;
import io.github.oteldemo.flaskapp.cli.FlaskAppServerCommand;
import io.github.oteldemo.flaskapp.health.ApplicationPortHealthCheck;
import io.github.oteldemo.flaskapp.lifecycle.SigtermShutdown;
import io.github.oteldemo.flaskapp.telemetry.HelloRequestCounter;
import io.github.oteldemo.flaskapp.telemetry.ManagedOpenTelemetry;
import io.github.oteldemo.flaskapp.telemetry.OpenTelemetryFactory;
import io.github.oteldemo.flaskapp.telemetry.jetty.JettyServerTelemetry;
import io.github.oteldemo.flaskapp.web.HelloServlet;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** The Dropwizard port of the demo's Flask app. */
public class FlaskAppApplication extends Application<FlaskAppConfiguration> {

    static final String INSTRUMENTATION_SCOPE = "io.github.oteldemo.flaskapp";
    private static final String ADMIN_CONNECTOR = "admin";

    public static void main(String[] args) throws Exception {
        new FlaskAppApplication().run(args);
    }

    @Override
    public String getName() {
        return "flask-app";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<FlaskAppConfiguration> bootstrap) {
        bootstrap.addCommand(new FlaskAppServerCommand<>(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<FlaskAppConfiguration> bootstrap) {
        // Non-strict: ${NAME:-default} falls back to its default when NAME is unset.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                new EmbeddedOrFileSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(FlaskAppConfiguration configuration, Environment environment) throws IOException {
        OpenTelemetrySdk openTelemetry = OpenTelemetryFactory.create(buildVersion());
        environment.lifecycle().manage(new ManagedOpenTelemetry(openTelemetry));
        // Dropwizard names its admin connector "admin"; health probes there are not traffic.
        JettyServerTelemetry serverTelemetry = JettyServerTelemetry.builder(openTelemetry)
                .setSkippedConnectors(Set.of(ADMIN_CONNECTOR))
                .build();
        environment.lifecycle().addEventListener(serverTelemetry.installOnStart());
        environment.lifecycle().addServerLifecycleListener(new SigtermShutdown());

        HelloRequestCounter helloRequests =
                new HelloRequestCounter(openTelemetry.getMeter(INSTRUMENTATION_SCOPE), configuration.getEnvironment());
        environment
                .servlets()
                .addServlet(
                        "hello",
                        new HelloServlet(
                                configuration.getChaosTargetPercent(), helloRequests, ThreadLocalRandom::current))
                .addMapping(HelloServlet.MAPPING);

        ApplicationPortHealthCheck applicationPort = new ApplicationPortHealthCheck();
        environment.lifecycle().addServerLifecycleListener(applicationPort);
        environment.healthChecks().register("application-port", applicationPort);
    }

    /** The project version, written by the build: the container image has no jar manifest. */
    @Nullable
    private static String buildVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = FlaskAppApplication.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        }
        return build.getProperty("version");
    }
}
