package io.github.oteldemo.loader.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a worker finds its master and how patient it is.
 *
 * @param masterHost          master host name or address ({@code --master-host}, {@code LOCUST_MASTER})
 * @param masterPort          master port ({@code --master-port}, {@code LOCUST_MASTER_PORT}, 5557)
 * @param nodeId              this worker's id; Locust's form is {@code hostname_uuid}, and the part
 *                            before {@code _} is what the master spreads users across
 * @param connectTimeout      how long to wait for the master's first ack before giving up
 * @param masterSilence       how long without a heartbeat from a master that sent one before the
 *                            worker quits (Locust's MASTER_HEARTBEAT_TIMEOUT, 60 s)
 * @param heartbeatInterval   how often heartbeats go out (Locust: 1 s)
 * @param reportInterval      how often stats deltas go out (Locust's WORKER_REPORT_INTERVAL, 3 s)
 * @param cpuMonitorInterval  how often CPU and memory are sampled for heartbeats (Locust's CPU_MONITOR_INTERVAL, 10 s)
 * @param logReportInterval   how often new log lines go to the master (Locust's WORKER_LOG_REPORT_INTERVAL, 10 s)
 */
public record WorkerSettings(
        String masterHost,
        int masterPort,
        String nodeId,
        Duration connectTimeout,
        Duration masterSilence,
        Duration heartbeatInterval,
        Duration reportInterval,
        Duration cpuMonitorInterval,
        Duration logReportInterval) {

    /** Default wait for the master at start-up. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /** Locust's MASTER_HEARTBEAT_TIMEOUT: a worker quits after this long without a master heartbeat. */
    public static final Duration DEFAULT_MASTER_SILENCE = Duration.ofSeconds(60);

    /**
     * @param masterHost        master host
     * @param masterPort        master port
     * @param nodeId            this worker's id
     * @param connectTimeout    wait for the first ack
     * @param masterSilence     silence before quitting
     * @param heartbeatInterval heartbeat period
     * @param reportInterval    stats period
     * @param cpuMonitorInterval CPU and memory sampling period
     * @param logReportInterval log shipping period
     */
    public WorkerSettings {
        Objects.requireNonNull(masterHost, "masterHost");
        Objects.requireNonNull(nodeId, "nodeId");
        if (masterPort < 1 || masterPort > 65_535) {
            throw new IllegalArgumentException("master port " + masterPort + " is not in 1..65535");
        }
    }

    /**
     * Locust's timings, a fresh {@code hostname_uuid} id and the default connect timeout.
     *
     * @param masterHost master host
     * @param masterPort master port
     * @return the settings
     */
    public static WorkerSettings of(String masterHost, int masterPort) {
        return new WorkerSettings(
                masterHost,
                masterPort,
                newNodeId(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_MASTER_SILENCE,
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    /**
     * @param timeout wait for the first ack
     * @return a copy with this connect timeout
     */
    public WorkerSettings withConnectTimeout(Duration timeout) {
        return new WorkerSettings(
                masterHost,
                masterPort,
                nodeId,
                timeout,
                masterSilence,
                heartbeatInterval,
                reportInterval,
                cpuMonitorInterval,
                logReportInterval);
    }

    /**
     * @param silence how long without a master heartbeat before quitting
     * @return a copy with this master silence (tests shorten it)
     */
    public WorkerSettings withMasterSilence(Duration silence) {
        return new WorkerSettings(
                masterHost,
                masterPort,
                nodeId,
                connectTimeout,
                silence,
                heartbeatInterval,
                reportInterval,
                cpuMonitorInterval,
                logReportInterval);
    }

    /**
     * @param host master host name or address
     * @return a copy connecting there
     */
    public WorkerSettings withMasterHost(String host) {
        return new WorkerSettings(
                host,
                masterPort,
                nodeId,
                connectTimeout,
                masterSilence,
                heartbeatInterval,
                reportInterval,
                cpuMonitorInterval,
                logReportInterval);
    }

    /**
     * @param report stats period
     * @return a copy with this report interval (tests shorten it)
     */
    public WorkerSettings withReportInterval(Duration report) {
        return new WorkerSettings(
                masterHost,
                masterPort,
                nodeId,
                connectTimeout,
                masterSilence,
                heartbeatInterval,
                report,
                cpuMonitorInterval,
                logReportInterval);
    }

    /**
     * @param cpu  CPU and memory sampling period
     * @param logs log shipping period
     * @return a copy with these periods (tests shorten them)
     */
    public WorkerSettings withMonitorIntervals(Duration cpu, Duration logs) {
        return new WorkerSettings(
                masterHost,
                masterPort,
                nodeId,
                connectTimeout,
                masterSilence,
                heartbeatInterval,
                reportInterval,
                cpu,
                logs);
    }

    /** @return Locust's node id form: host name, underscore, random hex */
    public static String newNodeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "worker";
            }
        }
        return host.replace('_', '-') + "_" + UUID.randomUUID().toString().replace("-", "");
    }
}
