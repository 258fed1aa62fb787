package io.github.oteldemo.loader.master;

import io.github.oteldemo.loader.config.TaskFile;
import io.github.oteldemo.loader.config.TaskSpec;
import io.github.oteldemo.loader.config.UserClassSpec;
import io.github.oteldemo.loader.config.WaitTimeSpec;
import io.github.oteldemo.loader.http.LoadClient;
import io.github.oteldemo.loader.runner.LocalRunner;
import io.github.oteldemo.loader.worker.MasterUnreachableException;
import io.github.oteldemo.loader.worker.WorkerRunner;
import io.github.oteldemo.loader.worker.WorkerSettings;
import java.time.Duration;
import java.util.List;

/** A Java worker in the test's JVM: its own HTTP client, local runner and master connection. */
public final class InProcessWorker implements AutoCloseable {

    /** {@code WebsiteUser} doing {@code GET /} with 10 ms between requests, to keep CPU use low. */
    public static final TaskFile PACED = new TaskFile(List.of(new UserClassSpec(
            UserClassSpec.DEFAULT_NAME,
            1,
            new WaitTimeSpec("constant", null, null, 0.01, null),
            List.of(TaskSpec.GET_ROOT))));

    private final LoadClient client = new LoadClient(1, Duration.ofSeconds(5));
    private final LocalRunner runner;
    private final WorkerRunner worker;

    /**
     * @param settings where the master is
     */
    public InProcessWorker(WorkerSettings settings) {
        this(settings, PACED);
    }

    /**
     * @param settings where the master is
     * @param tasks    the user classes this worker knows
     */
    public InProcessWorker(WorkerSettings settings, TaskFile tasks) {
        // A stop timeout lets requests in flight finish, so a clean stop loses none.
        runner = new LocalRunner(tasks, client, null, Duration.ofSeconds(2), settings.nodeId());
        worker = new WorkerRunner(settings, runner);
    }

    /**
     * @param settings where the master is
     * @param tasks    the user classes this worker knows
     * @return a worker whose master acknowledged it
     * @throws Exception when the master does not answer
     */
    public static InProcessWorker connected(WorkerSettings settings, TaskFile tasks)
            throws MasterUnreachableException, InterruptedException {
        InProcessWorker worker = new InProcessWorker(settings, tasks);
        worker.worker.connect();
        return worker;
    }

    /**
     * @param masterPort port of a master on 127.0.0.1
     * @return a connected worker reporting every second
     * @throws Exception when the master does not answer
     */
    public static InProcessWorker connectedTo(int masterPort) throws MasterUnreachableException, InterruptedException {
        InProcessWorker worker = new InProcessWorker(WorkerSettings.of("127.0.0.1", masterPort)
                .withConnectTimeout(Duration.ofSeconds(30))
                .withReportInterval(Duration.ofSeconds(1)));
        worker.worker.connect();
        return worker;
    }

    /** @return the worker */
    public WorkerRunner worker() {
        return worker;
    }

    /** @return the runner of its users */
    public LocalRunner runner() {
        return runner;
    }

    @Override
    public void close() {
        worker.close();
        client.close();
    }
}
