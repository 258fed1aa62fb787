package io.github.oteldemo.loader.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@value #CAPACITY} log lines of this process, as Locust's {@code LogReader} keeps
 * them: a worker ships them to its master in {@code logs} messages, and {@code /logs} serves
 * them. Logback creates the appender from {@code logback.xml}; the lines are process-wide
 * because the log is.
 */
public final class RecentLogs extends AppenderBase<ILoggingEvent> {

    /** Locust's {@code deque(maxlen=500)}. */
    public static final int CAPACITY = 500;
    /** Locust's line format, {@code [time] host/LEVEL/logger: message}. */
    private static final String PATTERN = "[%d{\"yyyy-MM-dd HH:mm:ss,SSS\"}] " + host() + "/%level/%logger: %msg";

    private static final Deque<String> LINES = new ArrayDeque<>(CAPACITY);

    private PatternLayout layout;

    /** @return the lines kept, oldest first */
    public static List<String> lines() {
        synchronized (LINES) {
            return new ArrayList<>(LINES);
        }
    }

    @Override
    public void start() {
        layout = new PatternLayout();
        layout.setContext(getContext());
        layout.setPattern(PATTERN);
        layout.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = layout.doLayout(event);
        synchronized (LINES) {
            if (LINES.size() == CAPACITY) {
                LINES.removeFirst();
            }
            LINES.addLast(line);
        }
    }

    /** Locust's {@code HOSTNAME}: the host name up to its first dot. */
    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
