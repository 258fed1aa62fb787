package io.github.oteldemo.loader.worker;

import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.UserException;
import io.github.oteldemo.loader.protocol.WorkerSocket;
import io.github.oteldemo.loader.runner.ExceptionReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a worker's user exceptions to its master as Locust's {@value Message#EXCEPTION}
 * messages. Locust sends each one as it happens; here the users' exception log is read with each
 * stats report and only what is new goes out, at most {@value #MAX_PER_REPORT} per report so a
 * user failing in a loop cannot flood the master.
 */
final class ExceptionForwarder {

    private static final int MAX_PER_REPORT = 100;

    private final WorkerSocket socket;
    private final Map<String, Long> sent = new HashMap<>();

    ExceptionForwarder(WorkerSocket socket) {
        this.socket = socket;
    }

    /** A new test: the runner starts its exception log afresh, so does the tally of sent ones. */
    synchronized void reset() {
        sent.clear();
    }

    /**
     * @param exceptions the runner's exception log now
     */
    synchronized void forwardNew(List<ExceptionReport> exceptions) {
        int budget = MAX_PER_REPORT;
        for (ExceptionReport exception : exceptions) {
            String key = exception.message() + "\n" + exception.traceback();
            long count = sent.getOrDefault(key, 0L);
            while (count < exception.count() && budget > 0) {
                socket.send(Message.EXCEPTION, new UserException(exception.message(), exception.traceback()));
                count++;
                budget--;
            }
            sent.put(key, exception.count());
        }
    }

    /**
     * Reports an error of the worker itself, e.g. a spawn asking for a user class it does not
     * have, so that it shows in the master's exceptions and not only in this worker's log.
     *
     * @param error what went wrong
     */
    void forward(Exception error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        socket.send(Message.EXCEPTION, new UserException(error.getMessage(), trace.toString()));
    }
}
