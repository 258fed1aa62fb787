package io.github.oteldemo.flaskapp.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Tells the server span which route Jersey matched ({@code http.route}, and the span name
 * {@code GET /}). Only Jersey knows the template; the span was started before routing.
 */
public final class JerseyRouteListener implements ApplicationEventListener {

    private final RequestEventListener routeRecorder = event -> {
        if (event.getType() == RequestEvent.Type.REQUEST_MATCHED) {
            HttpServerRoute.update(Context.current(), HttpServerRouteSource.CONTROLLER,
                    route(event.getUriInfo()));
        }
    };

    @Override
    public void onEvent(ApplicationEvent event) {
        // Only request events carry routes.
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return routeRecorder;
    }

    /** Jersey lists matched templates innermost first; the route reads outermost first. */
    static String route(ExtendedUriInfo uriInfo) {
        List<UriTemplate> templates = uriInfo.getMatchedTemplates();
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String template = templates.get(i).getTemplate();
            if (template.isEmpty() || "/".equals(template)) {
                continue;
            }
            if (!template.startsWith("/")) {
                route.append('/');
            }
            route.append(template.endsWith("/") ? template.substring(0, template.length() - 1) : template);
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
