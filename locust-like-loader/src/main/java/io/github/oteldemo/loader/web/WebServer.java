package io.github.oteldemo.loader.web;

import static io.github.oteldemo.loader.web.Exchanges.bytes;
import static io.github.oteldemo.loader.web.Exchanges.form;
import static io.github.oteldemo.loader.web.Exchanges.json;
import static io.github.oteldemo.loader.web.Exchanges.respond;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oteldemo.loader.config.WebOptions;
import io.github.oteldemo.loader.log.RecentLogs;
import io.github.oteldemo.loader.report.CsvReport;
import io.github.oteldemo.loader.report.HtmlReport;
import io.github.oteldemo.loader.report.StatsHistory;
import io.github.oteldemo.loader.runner.LoadRunner;
import io.github.oteldemo.loader.runner.RunnerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI and Locust-compatible API on {@code --web-port}: {@code POST /swarm},
 * {@code GET /stop}, {@code /stats/reset}, {@code /stats/requests}, the CSV downloads,
 * {@code /exceptions}, {@code /metrics} (Prometheus), the user class editor's {@code POST /user}
 * ({@link UserClassEditor}) and an unauthenticated {@code /healthz}.
 *
 * <p>The JDK's built-in HTTP server is enough here: a handful of requests per second from a
 * browser or a scraper, and one dependency fewer in the jar.
 */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final DateTimeFormatter SAFE_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH'h'mm").withZone(ZoneId.systemDefault());
    private static final Map<String, String> STATIC =
            Map.of("/", "index.html", "/static/app.js", "app.js", "/static/style.css", "style.css");

    private final WebOptions web;
    private final LoadRunner runner;
    private final PrometheusMetrics metrics;
    private final StatsHistory history = new StatsHistory();
    private final String locustfileName;
    private final PageDefaults defaults;
    private final boolean master;
    private final Path fullHistoryCsv;
    private final ScheduledExecutorService timers;
    private HttpServer server;
    private ScheduledFuture<?> runTimeLimit;
    private volatile String currentHost;

    /**
     * @param web            where it listens and who may use it
     * @param runner         the runner the API controls, whose user classes {@code /tasks} reports
     * @param locustfileName the task file's name in download names, as Locust puts it there
     * @param defaults       the start form's values before a run
     * @param fullHistoryCsv the {@code --csv} history file when it has every entry
     *                       ({@code --csv-full-history}), or null: Locust serves only that one
     */
    public WebServer(
            WebOptions web, LoadRunner runner, String locustfileName, PageDefaults defaults, Path fullHistoryCsv) {
        this.web = web;
        this.runner = runner;
        this.metrics = new PrometheusMetrics(runner);
        this.locustfileName = locustfileName;
        this.defaults = defaults;
        this.master = defaults.distributed();
        this.fullHistoryCsv = fullHistoryCsv;
        this.currentHost = defaults.host();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loader-web-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IOException when the port cannot be bound
     */
    public void start() throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(web.host(), web.port()), 50);
        } catch (BindException e) {
            throw new IOException("cannot listen on " + web.host() + ":" + web.port() + ": " + e.getMessage());
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "loader-web");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", bytes("ok")));
        protect(server.createContext("/", this::route));
        server.start();
        // Locust's stats_history: a point every 5 s while users run, for the report's charts.
        timers.scheduleAtFixedRate(
                () -> {
                    if (runner.state() == RunnerState.SPAWNING || runner.state() == RunnerState.RUNNING) {
                        history.sample(runner.stats().snapshot(), runner.userCount());
                    }
                },
                StatsHistory.INTERVAL_SECONDS,
                StatsHistory.INTERVAL_SECONDS,
                TimeUnit.SECONDS);
    }

    /** @return the bound port (useful with {@code --web-port 0}) */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving. */
    public void stop() {
        timers.shutdownNow();
        if (server != null) {
            server.stop(0);
            if (server.getExecutor() instanceof ExecutorService executor) {
                executor.shutdownNow();
            }
        }
    }

    private void protect(HttpContext context) {
        if (web.auth() == null) {
            return;
        }
        int colon = web.auth().indexOf(':');
        byte[] user = bytes(web.auth().substring(0, colon));
        byte[] password = bytes(web.auth().substring(colon + 1));
        context.setAuthenticator(new BasicAuthenticator("locust") {
            @Override
            public boolean checkCredentials(String givenUser, String givenPassword) {
                // Constant-time comparisons, so timing does not reveal how much of a guess matched.
                return MessageDigest.isEqual(user, bytes(givenUser))
                        & MessageDigest.isEqual(password, bytes(givenPassword));
            }
        });
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/swarm" -> {
                    if (!method.equals("POST")) {
                        respond(exchange, 405, "text/plain", bytes("use POST"));
                    } else {
                        json(exchange, swarm(form(exchange)));
                    }
                }
                case "/user" -> UserClassEditor.handle(exchange, runner);
                case "/stop" -> {
                    // Locust 2.47 takes POST; GET still works for scripts written for older releases.
                    cancelRunTimeLimit();
                    runner.stop();
                    json(exchange, Map.of("success", true, "message", "Test stopped"));
                }
                case "/stats/reset" -> {
                    runner.resetStats();
                    history.clear();
                    respond(exchange, 200, "text/plain; charset=utf-8", bytes("ok"));
                }
                case "/stats/requests" -> json(exchange, StatsJson.requests(runner, master));
                case "/stats/requests/csv" ->
                    csv(
                            exchange,
                            "requests",
                            CsvReport.requestsCsv(runner.stats().snapshot()));
                case "/stats/failures/csv" ->
                    csv(
                            exchange,
                            "failures",
                            CsvReport.failuresCsv(runner.stats().snapshot()));
                case "/exceptions/csv" -> csv(exchange, "exceptions", CsvReport.exceptionsCsv(runner.exceptions()));
                case "/stats/requests_full_history/csv" -> fullHistory(exchange);
                case "/stats/report" -> report(exchange);
                case "/tasks" -> json(exchange, TaskRatios.of(runner.userClasses(), runner.userClassesCount()));
                case "/worker-count" -> json(exchange, Map.of("worker_count", master ? activeWorkers() : 0));
                case "/exceptions" -> json(exchange, StatsJson.exceptions(runner.exceptions()));
                case "/logs" -> json(exchange, Map.of("master", RecentLogs.lines(), "workers", runner.workerLogs()));
                case "/metrics" -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    metrics.write(body);
                    respond(exchange, 200, metrics.contentType(), body.toByteArray());
                }
                case "/config" -> json(exchange, pageConfig());
                default -> staticFile(exchange, path);
            }
        } catch (RuntimeException e) {
            LOG.warn("web request {} failed", exchange.getRequestURI(), e);
            respond(exchange, 500, "text/plain", bytes("internal error: " + e.getMessage()));
        }
    }

    /** Locust's {@code /swarm}: form fields {@code user_count}, {@code spawn_rate}, {@code host}, {@code run_time}. */
    private Map<String, Object> swarm(Map<String, String> form) {
        Map<String, Object> response = new LinkedHashMap<>();
        SwarmRequest swarm;
        try {
            swarm = SwarmRequest.parse(form, currentHost);
        } catch (SwarmRequest.Refused e) {
            LOG.error(e.getMessage());
            response.put("success", false);
            response.put("message", e.getMessage());
            response.put("host", currentHost);
            return response;
        }
        cancelRunTimeLimit();
        runner.start(swarm.users(), swarm.spawnRate(), swarm.host());
        currentHost = swarm.host();
        response.put("success", true);
        response.put("message", "Swarming started");
        response.put("host", swarm.host());
        if (swarm.runTime() != null) {
            runTimeLimit = timers.schedule(runner::stop, swarm.runTime().toMillis(), TimeUnit.MILLISECONDS);
            response.put("run_time", swarm.runTime().toSeconds());
        }
        return response;
    }

    private synchronized void cancelRunTimeLimit() {
        if (runTimeLimit != null) {
            runTimeLimit.cancel(false);
            runTimeLimit = null;
        }
    }

    /** The start form's defaults, for the page. */
    private Map<String, Object> pageConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", defaults.host());
        config.put("user_count", defaults.users());
        config.put("spawn_rate", defaults.spawnRate());
        config.put(
                "run_time", defaults.runTime() == null ? "" : defaults.runTime().toSeconds() + "s");
        config.put("is_distributed", master);
        return config;
    }

    private void staticFile(HttpExchange exchange, String path) throws IOException {
        String resource = STATIC.get(path);
        if (resource == null) {
            respond(exchange, 404, "text/plain", bytes("not found"));
            return;
        }
        try (InputStream in = WebServer.class.getResourceAsStream("/web/" + resource)) {
            if (in == null) {
                respond(exchange, 404, "text/plain", bytes("not found"));
                return;
            }
            String type = resource.endsWith(".html")
                    ? "text/html; charset=utf-8"
                    : resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            respond(exchange, 200, type, in.readAllBytes());
        }
    }

    private void csv(HttpExchange exchange, String kind, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Disposition", "attachment;filename=" + downloadName(kind));
        respond(exchange, 200, "text/csv; charset=utf-8", bytes(body));
    }

    /** Locust's suggested name: {@code Locust_<start, local yyyy-MM-dd-HHhmm>_<locustfile>[_<host>]_<kind>.csv}. */
    private String downloadName(String kind) {
        return downloadStem() + "_" + kind + ".csv";
    }

    private String downloadStem() {
        String started = SAFE_TIMESTAMP.format(
                Instant.ofEpochSecond((long) runner.stats().total().startTime()));
        String host = currentHost == null || currentHost.isEmpty() ? "" : "_" + currentHost;
        return "Locust_" + started + "_" + locustfileName + host;
    }

    /** Locust's report page; {@code ?download=1} makes it a file named as Locust names it. */
    private void report(HttpExchange exchange) throws IOException {
        String page = HtmlReport.render(
                runner.stats().snapshot(), runner.exceptions(), history.points(), currentHost, locustfileName);
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.matches("(.*&)?download=[^&]+.*")) {
            exchange.getResponseHeaders().set("Content-Disposition", "attachment;filename=" + downloadStem() + ".html");
        }
        respond(exchange, 200, "text/html; charset=utf-8", bytes(page));
    }

    /** Locust serves the history file only when it writes one with full history. */
    private void fullHistory(HttpExchange exchange) throws IOException {
        if (fullHistoryCsv == null || !Files.isReadable(fullHistoryCsv)) {
            respond(
                    exchange,
                    404,
                    "text/html; charset=utf-8",
                    bytes("Error: Server was not started with option to generate full history."));
            return;
        }
        csv(exchange, "requests_full_history", Files.readString(fullHistoryCsv));
    }

    private int activeWorkers() {
        return (int) runner.workers().stream()
                .filter(w -> w.state() == RunnerState.READY
                        || w.state() == RunnerState.SPAWNING
                        || w.state() == RunnerState.RUNNING)
                .count();
    }
}
