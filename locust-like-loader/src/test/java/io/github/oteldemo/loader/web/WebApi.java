package io.github.oteldemo.loader.web;

import io.github.oteldemo.loader.RunSession;
import io.github.oteldemo.loader.config.EnvironmentDefaults;
import io.github.oteldemo.loader.config.LoaderOptions;
import io.github.oteldemo.loader.runner.LoadRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The web server as the command line wires it (a free port on loopback), and the POSTs the
 * tests of its JSON API send.
 */
final class WebApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebApi() {}

    /** Starts the web server of {@code runner} with these command-line options added. */
    static WebServer start(LoadRunner runner, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--web-host", "127.0.0.1", "--web-port", "0"));
        LoaderOptions parsed = new LoaderOptions();
        new CommandLine(parsed)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of()))
                .parseArgs(args.toArray(String[]::new));
        parsed.validate();
        WebServer web = RunSession.webServer(parsed, runner);
        web.start();
        return web;
    }

    static HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Starts (or changes) a test as the web UI's start form does, {@code POST /swarm}. */
    static HttpResponse<String> swarm(String base, int users, int spawnRate) throws Exception {
        return post(
                base + "/swarm",
                "application/x-www-form-urlencoded",
                "user_count=" + users + "&spawn_rate=" + spawnRate);
    }

    /** Locust's {@code update_user_class} through {@code POST /user}. */
    static HttpResponse<String> postUser(String base, String json) throws Exception {
        return post(base + "/user", "application/json", json);
    }
}
