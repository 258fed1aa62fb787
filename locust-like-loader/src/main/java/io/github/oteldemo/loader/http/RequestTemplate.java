package io.github.oteldemo.loader.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request encoded to HTTP/1.1 bytes once, then written as-is for every send. A load
 * generator sends the same few requests millions of times; encoding headers per request is
 * the largest avoidable cost, so the bytes are built here instead of by Netty's encoder.
 */
public final class RequestTemplate {

    /**
     * Templates are never released: they live until the garbage collector takes them with the
     * runner that made them. Netty's leak detector would report each of those as a leak, so
     * they come from an allocator without leak tracking.
     */
    private static final ByteBufAllocator NEVER_RELEASED = new UnpooledByteBufAllocator(true, true);

    private final HttpTarget target;
    private final String method;
    private final String url;
    private final ByteBuf bytes;
    /** Where the blank line ending the headers starts: extra headers go there. */
    private final int headEnd;

    /**
     * @param target  where it is sent
     * @param method  HTTP method
     * @param path    path (and query) starting with {@code /}
     * @param headers extra headers
     * @param body    body, or null
     */
    public RequestTemplate(HttpTarget target, String method, String path, Map<String, String> headers, String body) {
        this.target = target;
        this.method = method;
        this.url = target.url(path);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(target.basePath())
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target.hostHeader())
                .append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            userAgent |= header.getKey().equalsIgnoreCase("User-Agent");
        }
        if (!userAgent) {
            head.append("User-Agent: locust-like-loader\r\n");
        }
        if (body != null || !method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        this.headEnd = head.length();
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf buffer = NEVER_RELEASED.directBuffer(headBytes.length + content.length);
        buffer.writeBytes(headBytes).writeBytes(content);
        this.bytes = Unpooled.unreleasableBuffer(buffer);
    }

    /** @return the HTTP method */
    public String method() {
        return method;
    }

    /** @return where it is sent */
    public HttpTarget target() {
        return target;
    }

    /** @return the full URL, for error messages */
    public String url() {
        return url;
    }

    /** @return whether the response has no body whatever its headers say */
    boolean isHead() {
        return method.equals("HEAD");
    }

    /** @return a view of the encoded request, to be written (writing does not consume the template) */
    ByteBuf bytes() {
        return bytes.duplicate();
    }

    /**
     * The encoded request with more headers, for what changes per request (a {@code traceparent}):
     * the template's bytes around a small buffer, nothing re-encoded.
     *
     * @param headers header names and values
     * @return the bytes to write
     */
    ByteBuf bytesWith(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return bytes();
        }
        StringBuilder extra = new StringBuilder(96);
        headers.forEach(
                (name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        return Unpooled.wrappedBuffer(
                bytes.slice(0, headEnd),
                Unpooled.wrappedBuffer(extra.toString().getBytes(StandardCharsets.ISO_8859_1)),
                bytes.slice(headEnd, bytes.writerIndex() - headEnd));
    }
}
