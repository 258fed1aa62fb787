package io.github.oteldemo.loader.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oteldemo.loader.Loader;
import io.github.oteldemo.loader.master.InProcessWorker;
import io.github.oteldemo.loader.master.PythonLocust;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerRunnerTest {

    @Test
    void unreachableMasterEndsTheWaitWithAClearMessage() throws Exception {
        int port = PythonLocust.freePort();
        WorkerSettings settings = WorkerSettings.of("127.0.0.1", port).withConnectTimeout(Duration.ofSeconds(1));
        try (InProcessWorker worker = new InProcessWorker(settings)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> worker.worker().connect())
                    .isInstanceOf(MasterUnreachableException.class)
                    .hasMessage("no master answered at 127.0.0.1:" + port + " within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aSilentMasterIsGivenLocustsMasterHeartbeatTimeout() {
        assertThat(WorkerSettings.of("127.0.0.1", 5557).masterSilence()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void nodeIdsFollowLocustsHostUnderscoreUuidForm() {
        assertThat(WorkerSettings.newNodeId()).matches("[^_]+_[0-9a-f]{32}");
    }

    @Test
    void badMasterPortIsRejected() {
        assertThatThrownBy(() -> WorkerSettings.of("127.0.0.1", 0)).hasMessage("master port 0 is not in 1..65535");
        assertThat(Loader.EXIT_USAGE).isEqualTo(2);
    }
}
