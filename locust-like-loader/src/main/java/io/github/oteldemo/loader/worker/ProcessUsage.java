package io.github.oteldemo.loader.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * CPU and memory of this process as a worker heartbeat reports them: CPU in percent of one
 * core over the interval since the previous sample (what psutil's {@code cpu_percent} gives
 * Locust), memory as the JVM's committed heap and non-heap bytes.
 */
final class ProcessUsage {

    private final com.sun.management.OperatingSystemMXBean os;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long lastCpuNanos;
    private long lastWallNanos;

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

    /** @return CPU percent of one core since the previous call */
    synchronized double cpuPercent() {
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        double percent = wall > lastWallNanos ? 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos) : 0;
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return Math.round(percent * 10) / 10.0;
    }

    /** @return bytes of memory committed by the JVM */
    long memoryBytes() {
        return memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
    }
}
