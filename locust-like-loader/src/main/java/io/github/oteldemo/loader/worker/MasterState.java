package io.github.oteldemo.loader.worker;

import io.github.oteldemo.loader.protocol.Ack;
import io.github.oteldemo.loader.protocol.Message;
import io.github.oteldemo.loader.protocol.MessageCodec;
import io.github.oteldemo.loader.protocol.ProtocolException;
import io.github.oteldemo.loader.protocol.RampUpComplete;
import io.github.oteldemo.loader.protocol.UserClassUpdate;
import io.github.oteldemo.loader.runner.LoadRunner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker was last told by its master besides the users to run: its index (from
 * {@code ack}), the master's options (from {@code spawn}), the end of the ramp-up
 * ({@code spawning_complete}) and user class settings changed in the web UI
 * ({@code update_user_class}, which it also applies to the worker's users). Readable from any
 * thread.
 */
public final class MasterState {

    private static final Logger LOG = LoggerFactory.getLogger(MasterState.class);

    private final MessageCodec codec;
    private volatile int index = -1;
    private volatile Map<String, Object> options = Map.of();
    private volatile int spawnedUserCount = -1;
    private volatile Map<String, Object> userClassUpdate = Map.of();

    MasterState(MessageCodec codec) {
        this.codec = codec;
    }

    /** @return the index the master gave this worker (-1 before its ack, or from a master without indexes) */
    public int index() {
        return index;
    }

    /** @return the master's {@code parsed_options} from its last spawn */
    public Map<String, Object> options() {
        return options;
    }

    /** @return the user count of the master's last {@code spawning_complete}, or -1 before the first */
    public int spawnedUserCount() {
        return spawnedUserCount;
    }

    /** @return the settings of the master's last {@code update_user_class} (empty before any) */
    public Map<String, Object> userClassUpdate() {
        return userClassUpdate;
    }

    void acknowledged(Message ack) throws ProtocolException {
        // Masters before Locust 2.10.2 send no index.
        if (ack.data() != null) {
            index = codec.read(ack, Ack.class).index();
        }
    }

    void options(Map<String, Object> parsedOptions) {
        options = Map.copyOf(withoutNulls(parsedOptions));
    }

    void spawningComplete(Message message) throws ProtocolException {
        spawnedUserCount = codec.read(message, RampUpComplete.class).userCount();
        LOG.debug("The master reports all {} users spawned", spawnedUserCount);
    }

    void userClassUpdated(Message message, LoadRunner runner) throws ProtocolException {
        UserClassUpdate read = codec.read(message, UserClassUpdate.class);
        String name = read.userClassName();
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("user_class_name", name);
        update.putAll(read.attributes());
        userClassUpdate = update;
        try {
            runner.updateUserClass(update);
        } catch (IllegalArgumentException e) {
            // A Python master does not check what its editor posts; the worker keeps its classes as they were.
            LOG.error("Cannot apply the master's update_user_class {}: {}", update, e.getMessage());
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
