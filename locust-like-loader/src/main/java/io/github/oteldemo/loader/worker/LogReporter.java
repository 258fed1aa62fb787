package io.github.oteldemo.loader.worker;

import io.github.oteldemo.loader.log.RecentLogs;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.WorkerLogs;
import io.github.oteldemo.loader.protocol.WorkerSocket;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locust's {@code logs_reporter}: every interval, when the worker logged something new, it sends
 * all its recent lines ({@code {"worker_id", "logs"}}) so the master's {@code /logs} shows them.
 * A worker that logs more than {@value #MAX_NEW_LINES} lines in one interval sends them once
 * more and then stops, as Locust does, so a noisy worker cannot swamp its master.
 */
final class LogReporter {

    private static final Logger LOG = LoggerFactory.getLogger(LogReporter.class);
    private static final int MAX_NEW_LINES = 70;

    private final WorkerSocket socket;
    private int lastCount;
    private boolean disabled;

    LogReporter(WorkerSocket socket) {
        this.socket = socket;
    }

    /** One interval's turn; called from the worker's timer thread. */
    synchronized void report() {
        if (disabled) {
            return;
        }
        List<String> lines = RecentLogs.lines();
        if (lines.size() - lastCount > MAX_NEW_LINES) {
            LOG.warn(
                    "The worker attempted to send more than {} log lines in one interval. "
                            + "Further log sending was disabled for this worker.",
                    MAX_NEW_LINES);
            send(RecentLogs.lines());
            disabled = true;
            return;
        }
        if (lines.size() > lastCount) {
            send(lines);
        }
        lastCount = lines.size();
    }

    private void send(List<String> lines) {
        socket.send(Message.LOGS, new WorkerLogs(socket.nodeId(), lines));
    }
}
