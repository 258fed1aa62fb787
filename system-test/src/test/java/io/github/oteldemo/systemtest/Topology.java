package io.github.oteldemo.systemtest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.oteldemo.chart.render.ChartUnderTest;
import io.github.oteldemo.chart.render.CollectorConfigs;
import io.github.oteldemo.chart.render.CollectorConfigs.Rendered;
import io.github.oteldemo.chart.render.Manifests;
import io.github.oteldemo.testing.otlp.OtlpReceiver;
import io.github.oteldemo.testing.peers.Otelcol;
import io.github.oteldemo.testing.peers.PeerProcess;
import io.github.oteldemo.testing.peers.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The chart's pipeline as real processes on loopback, configured from a render of the chart with
 * scripts/pipeline/local-values.yaml and this test's {@code pipeline-values.yaml}. What a cluster
 * would provide and this machine does not:
 * <ul>
 *   <li>Pod addresses. The agent is the pod on the node 127.77.N.2 (its hostPort pod: pod and
 *       node share the address, so the programs' {@code $(NODE_IP)} endpoint reaches it), the
 *       gateway pod is 127.77.N.3; both keep the chart's ports. The app pod, metrics-example and the
 *       loader share 127.0.0.1, so their ports are free ports given through the variables and
 *       arguments the chart already sets (PORT, ADMIN_PORT, STATSD_PORT, HEALTH_PORT, the
 *       sidecar's listen addresses).</li>
 *   <li>The gateway's Service name, the agent's pod discovery and {@code k8s_attributes}: see
 *       local-values.yaml.</li>
 *   <li>The backends' Service names: Jaeger is the pod 127.77.N.4 and Prometheus 127.77.N.5,
 *       each run from the chart's ConfigMap and container arguments (local-values.yaml points
 *       the gateway's exporters at them).</li>
 *   <li>The loader runs standalone with the chart's task file; the chart runs it as a master
 *       with workers, which the loader's own tests cover.</li>
 * </ul>
 */
final class Topology implements AutoCloseable {

    static final String RELEASE = ChartUnderTest.RELEASE;
    /**
     * The collectors' pod addresses: a loopback subnet of its own for each run, so that runs on
     * one machine (two checkouts, or the demo) never meet on the chart's fixed ports.
     */
    private static final String SUBNET = "127.77." + ThreadLocalRandom.current().nextInt(1, 255) + ".";

    static final String AGENT_ADDRESS = SUBNET + "2";
    static final String GATEWAY_ADDRESS = SUBNET + "3";
    /** The in-cluster backends' pods (backends.enabled), on the chart's ports. */
    static final String JAEGER_ADDRESS = SUBNET + "4";

    static final String PROMETHEUS_ADDRESS = SUBNET + "5";
    static final String LOADER_POD = "otel-demo-loader-master-6f8d7c-test";
    static final String APP_POD = "otel-demo-flask-app-7d4b9c-test";
    static final String NODE = "node-1";
    /** The loader's users: with the chart's 1-2 s pause, about 13 requests per second. */
    static final int USERS = 20;
    /** Requests per second during the outage tests. */
    static final int HEAVY_RATE = 300;

    final Path dir;
    final OtlpReceiver receiver;
    final Manifests manifests;
    final Map<String, Rendered> collectors = new LinkedHashMap<>();
    final PodFacts appPod = new PodFacts(APP_POD, ChartUnderTest.NAMESPACE, NODE, "127.0.0.1", AGENT_ADDRESS);

    final int appPort = freeTcpPort();
    final int adminPort = freeTcpPort();
    final int statsdUdpPort = freeUdpPort();
    final int statsdWebPort = freeTcpPort();
    final int metricsExampleHealthPort = freeTcpPort();
    final int loaderWebPort = freeTcpPort();

    private final List<PeerProcess> processes = new ArrayList<>();
    PeerProcess jaeger;
    PeerProcess prometheus;
    PeerProcess gateway;
    PeerProcess agent;
    PeerProcess statsdExporter;
    PeerProcess app;
    PeerProcess metricsExample;
    PeerProcess loader;

    Topology(Path dir) {
        this.dir = dir;
        CollectorConfigs harness = CollectorConfigs.of(ChartUnderTest.fromBuild(), dir.resolve("chart"));
        Path repository = Path.of(System.getProperty("repository.directory"));
        manifests = harness.chart()
                .render(
                        List.of(
                                repository.resolve("scripts/pipeline/local-values.yaml"),
                                resource("pipeline-values.yaml")),
                        Map.of());
        harness.configsIn(manifests).forEach(config -> collectors.put(config.alias(), config));
        receiver = OtlpReceiver.start();
    }

    /** Starts every process, the end of the pipeline first so that nothing is refused at start. */
    void start() throws IOException {
        jaeger = track(startJaeger());
        prometheus = track(startPrometheus());
        gateway = track(Otelcol.start(
                "gateway",
                write("gateway.yaml", collectors.get("otel-gateway").yaml()),
                collectorEnvironment(
                        GATEWAY_ADDRESS,
                        Map.of(
                                "TEST_RECEIVER", receiver.grpcEndpoint().replace("http://", ""),
                                "JAEGER_ADDRESS", JAEGER_ADDRESS,
                                "PROMETHEUS_ADDRESS", PROMETHEUS_ADDRESS)),
                dir.resolve("gateway.log")));
        agent = track(Otelcol.start(
                "agent",
                write("agent.yaml", collectors.get("otel-agent").yaml()),
                collectorEnvironment(
                        AGENT_ADDRESS,
                        Map.of(
                                "GATEWAY_ADDRESS",
                                GATEWAY_ADDRESS,
                                "STATSD_EXPORTER_TARGET",
                                "127.0.0.1:" + statsdWebPort,
                                "APP_POD_NAME",
                                APP_POD,
                                "APP_POD_NAMESPACE",
                                ChartUnderTest.NAMESPACE,
                                "LOADER_TARGET",
                                "127.0.0.1:" + loaderWebPort,
                                "LOADER_POD_NAME",
                                LOADER_POD)),
                dir.resolve("agent.log")));
        statsdExporter = track(startStatsdExporter());
        app = track(startApp());
        metricsExample = track(startMetricsExample());
        loader = track(startLoader());
    }

    /** Jaeger with the chart's configuration and arguments; its pod address is its own. */
    private PeerProcess startJaeger() throws IOException {
        String name = RELEASE + "-jaeger";
        Path config = write(
                "jaeger.yaml", manifests.get(ConfigMap.class, name).getData().get("config.yaml"));
        List<String> command = new ArrayList<>(List.of(Peers.require("jaeger").toString()));
        for (String arg : container("jaeger", "jaeger").getArgs()) {
            command.add(arg.replace("/etc/jaeger/config.yaml", config.toString()));
        }
        return PeerProcess.start("jaeger", command, Map.of("MY_POD_IP", JAEGER_ADDRESS), dir.resolve("jaeger.log"));
    }

    /** Prometheus with the chart's configuration and arguments, its TSDB in the test's directory. */
    private PeerProcess startPrometheus() throws IOException {
        String name = RELEASE + "-prometheus";
        Path config = write(
                "prometheus.yml", manifests.get(ConfigMap.class, name).getData().get("prometheus.yml"));
        Path data = Files.createDirectories(dir.resolve("prometheus-data"));
        List<String> command =
                new ArrayList<>(List.of(Peers.require("prometheus").toString()));
        for (String arg : container("prometheus", "prometheus").getArgs()) {
            command.add(arg.replace("--config.file=/etc/prometheus/prometheus.yml", "--config.file=" + config)
                    .replace("--storage.tsdb.path=/prometheus", "--storage.tsdb.path=" + data)
                    .replace("--web.listen-address=:9090", "--web.listen-address=" + PROMETHEUS_ADDRESS + ":9090"));
        }
        return PeerProcess.start("prometheus", command, Map.of(), dir.resolve("prometheus.log"));
    }

    String jaegerUrl(String path) {
        return "http://" + JAEGER_ADDRESS + ":16686" + path;
    }

    String prometheusUrl(String path) {
        return "http://" + PROMETHEUS_ADDRESS + ":9090" + path;
    }

    private PeerProcess startStatsdExporter() throws IOException {
        Container sidecar = container("flask-app", "statsd-exporter");
        Path mapping = write(
                "statsd-mapping.yml",
                manifests
                        .get(ConfigMap.class, RELEASE + "-statsd-mapping")
                        .getData()
                        .get("statsd-mapping.yml"));
        List<String> command =
                new ArrayList<>(List.of(Peers.require("statsd_exporter").toString()));
        for (String arg : sidecar.getArgs()) {
            command.add(arg.replace("/etc/statsd-exporter/statsd-mapping.yml", mapping.toString())
                    .replace("--statsd.listen-udp=:9125", "--statsd.listen-udp=127.0.0.1:" + statsdUdpPort)
                    .replace("--web.listen-address=:9102", "--web.listen-address=127.0.0.1:" + statsdWebPort));
        }
        return PeerProcess.start("statsd_exporter", command, Map.of(), dir.resolve("statsd_exporter.log"));
    }

    private PeerProcess startApp() {
        Map<String, String> environment = appPod.environmentOf(container("flask-app", "flask-app"));
        environment.put("PORT", String.valueOf(appPort));
        environment.put("ADMIN_PORT", String.valueOf(adminPort));
        environment.put("STATSD_PORT", String.valueOf(statsdUdpPort));
        return PeerProcess.start(
                "flask-app",
                List.of(java(), "-jar", jar("flask-app-port"), "server"),
                environment,
                dir.resolve("flask-app.log"));
    }

    private PeerProcess startMetricsExample() {
        PodFacts pod = new PodFacts(
                "otel-demo-metrics-example-5c9f-test", ChartUnderTest.NAMESPACE, NODE, "127.0.0.1", AGENT_ADDRESS);
        Map<String, String> environment = pod.environmentOf(container("metrics-example", "metrics-example"));
        environment.put("HEALTH_PORT", String.valueOf(metricsExampleHealthPort));
        environment.put("HEALTH_HOST", "127.0.0.1");
        return PeerProcess.start(
                "metrics-example",
                List.of(java(), "-jar", jar("metrics-example")),
                environment,
                dir.resolve("metrics-example.log"));
    }

    private PeerProcess startLoader() throws IOException {
        return startLoader("loader", "-u", String.valueOf(USERS), "-r", String.valueOf(USERS));
    }

    /**
     * Replaces the light load by a steady {@value #HEAVY_RATE} requests per second (the loader's
     * open model), on the same web port, for the outage tests.
     */
    PeerProcess startHeavyLoad() throws IOException {
        loader.stop();
        loader = track(
                startLoader("loader-heavy", "--arrival-rate", String.valueOf(HEAVY_RATE), "-u", "50", "-r", "50"));
        return loader;
    }

    private PeerProcess startLoader(String name, String... load) throws IOException {
        Path tasks = write(
                "tasks.yaml",
                manifests
                        .get(ConfigMap.class, RELEASE + "-loader-tasks")
                        .getData()
                        .values()
                        .iterator()
                        .next());
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-jar",
                jar("locust-like-loader"),
                "--autostart",
                "-H",
                "http://127.0.0.1:" + appPort,
                "-f",
                tasks.toString(),
                "--web-host",
                "127.0.0.1",
                "--web-port",
                String.valueOf(loaderWebPort)));
        command.addAll(List.of(load));
        return PeerProcess.start(name, command, Map.of(), dir.resolve(name + ".log"));
    }

    /** What the official chart's pod template gives a collector, for a pod at {@code address}. */
    private Map<String, String> collectorEnvironment(String address, Map<String, String> extra) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MY_POD_IP", address);
        environment.put("OTEL_K8S_NODE_NAME", NODE);
        environment.put("OTEL_K8S_NODE_IP", address);
        environment.put("OTEL_K8S_NAMESPACE", ChartUnderTest.NAMESPACE);
        environment.put("OTEL_K8S_POD_NAME", "collector-" + address);
        environment.put("OTEL_K8S_POD_IP", address);
        environment.putAll(extra);
        return environment;
    }

    private Container container(String component, String name) {
        Deployment deployment = manifests.get(Deployment.class, RELEASE + "-" + component);
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no container " + name + " in " + component));
    }

    private PeerProcess track(PeerProcess process) {
        processes.add(process);
        return process;
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    String appUrl(String path) {
        return "http://127.0.0.1:" + appPort + path;
    }

    String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    String loaderUrl(String path) {
        return "http://127.0.0.1:" + loaderWebPort + path;
    }

    /** Every process's last lines, for a failure message. */
    String logs() {
        StringBuilder logs = new StringBuilder();
        for (PeerProcess process : processes) {
            logs.append("\n--- ")
                    .append(process)
                    .append(process.isAlive() ? "" : " (exited)")
                    .append('\n')
                    .append(process.tail(15));
        }
        return logs.toString();
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        receiver.close();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar(String module) {
        Path jar = Path.of(System.getProperty("repository.directory"), module, "target", module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package");
        }
        return jar.toString();
    }

    private static Path resource(String name) {
        try {
            return Path.of(Topology.class.getResource("/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
