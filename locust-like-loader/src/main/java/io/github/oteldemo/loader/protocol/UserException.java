package io.github.oteldemo.loader.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of an {@value Message#EXCEPTION} message: an error raised inside a user.
 *
 * @param message   the exception's message
 * @param traceback where it was raised
 */
public record UserException(String message, String traceback) {

    /** @return the msgpack-ready map Locust's master reads */
    public Map<String, Object> toWire() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("msg", message);
        data.put("traceback", traceback);
        return data;
    }

    /**
     * @param data an exception message's data
     * @return the exception
     * @throws ProtocolException when msg or traceback is missing
     */
    public static UserException fromWire(Object data) throws ProtocolException {
        WireFields fields = WireFields.of(data, "exception data");
        return new UserException(fields.string("msg"), fields.string("traceback"));
    }
}
