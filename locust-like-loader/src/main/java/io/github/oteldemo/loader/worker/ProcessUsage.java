package io.github.oteldemo.loader.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and memory of this process measured as Locust's {@code monitor_cpu_and_memory} measures
 * them with psutil: CPU as {@code Process.cpu_percent()} (percent of one core since the previous
 * sample, so above 100 on several cores) and memory as {@code memory_info().rss}, the resident set
 * in bytes. A worker samples every {@link WorkerSettings#cpuMonitorInterval()} (Locust: 10 s) and
 * every heartbeat carries the last sample.
 */
final class ProcessUsage {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final com.sun.management.OperatingSystemMXBean os;
    private long lastCpuNanos;
    private long lastWallNanos;
    private volatile double cpuPercent;
    private volatile long rssBytes;

    ProcessUsage() {
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean
                : null;
        this.lastCpuNanos = cpuNanos();
        this.lastWallNanos = System.nanoTime();
    }

    private long cpuNanos() {
        return os == null ? 0 : Math.max(0, os.getProcessCpuTime());
    }

    /** Takes a sample: CPU since the previous one, and the resident set now. */
    synchronized void sample() {
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        double percent = wall > lastWallNanos ? 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos) : 0;
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        // psutil rounds cpu_percent to one decimal.
        cpuPercent = Math.round(percent * 10) / 10.0;
        rssBytes = residentBytes();
    }

    /** @return CPU percent of one core at the last sample (0 before the first, as Locust) */
    double cpuPercent() {
        return cpuPercent;
    }

    /** @return the resident set at the last sample, in bytes (0 before the first, as Locust) */
    long memoryBytes() {
        return rssBytes;
    }

    /** The resident set as psutil reads it on Linux; elsewhere the JVM's committed memory is the nearest figure. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a kernel without the field
        }
        var memory = ManagementFactory.getMemoryMXBean();
        return memory.getHeapMemoryUsage().getCommitted()
                + memory.getNonHeapMemoryUsage().getCommitted();
    }
}
