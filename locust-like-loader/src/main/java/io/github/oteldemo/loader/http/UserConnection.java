package io.github.oteldemo.loader.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One user's keep-alive HTTP/1.1 connection: at most one request in flight, connected on
 * first use and again after any error. Not thread-safe: call it only from its event loop.
 */
public final class UserConnection {

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final HttpTarget target;
    private final SslContext ssl;
    private final long timeoutNanos;

    private Channel channel;
    private RequestTemplate inFlight;
    private ResponseListener listener;
    private long sentAt;
    private boolean timerArmed;
    private int status;
    private long received;
    private boolean keepAlive;
    private boolean closed;

    UserConnection(Bootstrap bootstrap, EventLoop loop, HttpTarget target, SslContext ssl, long timeoutNanos) {
        this.bootstrap = bootstrap;
        this.loop = loop;
        this.target = target;
        this.ssl = ssl;
        this.timeoutNanos = timeoutNanos;
        bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (ssl != null) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc(), target.host(), target.port()));
                }
                ch.pipeline().addLast(new Decoder(), new ResponseHandler());
            }
        });
    }

    /** @return the event loop this connection (and its user) runs on */
    public EventLoop loop() {
        return loop;
    }

    /** @return whether a request is waiting for its response */
    public boolean isBusy() {
        return inFlight != null;
    }

    /**
     * Sends a request; exactly one callback of {@code listener} follows, unless the connection
     * is closed first. On a closed connection this does nothing.
     *
     * @param request  the request
     * @param listener receives the outcome on this connection's loop
     */
    public void send(RequestTemplate request, ResponseListener listener) {
        send(request, Map.of(), listener);
    }

    /**
     * Sends a request with headers that change per request (trace context).
     *
     * @param request      the request
     * @param extraHeaders added to the template's headers
     * @param listener     receives the outcome on this connection's loop
     */
    public void send(RequestTemplate request, Map<String, String> extraHeaders, ResponseListener listener) {
        if (closed) {
            return;
        }
        if (inFlight != null) {
            throw new IllegalStateException("a request is already in flight on this connection");
        }
        this.inFlight = request;
        this.listener = listener;
        this.sentAt = System.nanoTime();
        this.status = 0;
        this.received = 0;
        armTimer(timeoutNanos);
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(request.bytesWith(extraHeaders), channel.voidPromise());
            return;
        }
        ChannelFuture connect = bootstrap.connect(target.host(), target.port());
        channel = connect.channel();
        connect.addListener(f -> {
            if (inFlight != request) {
                return;
            }
            if (f.isSuccess()) {
                connect.channel()
                        .writeAndFlush(
                                request.bytesWith(extraHeaders),
                                connect.channel().voidPromise());
            } else {
                fail(errorText(f.cause()));
            }
        });
    }

    /** Closes the connection; a request in flight gets no callback. */
    public void close() {
        closed = true;
        inFlight = null;
        listener = null;
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * One timer per connection, re-armed only while a request is in flight, instead of a
     * scheduled-and-cancelled timeout per request: this keeps the timer heap off the hot path.
     */
    private void armTimer(long delayNanos) {
        if (timerArmed) {
            return;
        }
        timerArmed = true;
        loop.schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timerArmed = false;
        if (inFlight == null || closed) {
            return;
        }
        long elapsed = System.nanoTime() - sentAt;
        if (elapsed >= timeoutNanos) {
            Channel timedOut = channel;
            fail("TimeoutError('timed out')");
            if (timedOut != null) {
                timedOut.close();
            }
        } else {
            armTimer(timeoutNanos - elapsed);
        }
    }

    private void fail(String error) {
        ResponseListener current = listener;
        inFlight = null;
        listener = null;
        if (channel != null && channel.isActive()) {
            channel.close();
        }
        channel = null;
        if (current != null && !closed) {
            current.onFailure(error);
        }
    }

    private void complete() {
        ResponseListener current = listener;
        inFlight = null;
        listener = null;
        if (!keepAlive && channel != null) {
            channel.close();
            channel = null;
        }
        if (current != null && !closed) {
            current.onResponse(status, received);
        }
    }

    /** Turns a Java exception into the error text a Locust user would see for the same problem. */
    static String errorText(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "ConnectTimeoutError('timed out')";
        }
        if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("refused")) {
                return "ConnectionRefusedError(111, 'Connection refused')";
            }
            return "ConnectionError('" + message.replace('\'', '"') + "')";
        }
        if (cause instanceof UnknownHostException) {
            return "gaierror(-2, 'Name or service not known')";
        }
        if (cause instanceof ClosedChannelException) {
            return "RemoteDisconnected('Remote end closed connection without response')";
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Connection reset")) {
            return "ConnectionResetError(104, 'Connection reset by peer')";
        }
        return cause.getClass().getSimpleName() + "('" + message.replace('\'', '"') + "')";
    }

    /** Response decoder that knows a HEAD response has no body, since it skips the request encoder. */
    private final class Decoder extends HttpResponseDecoder {
        Decoder() {
            // Header validation guards servers against hostile clients; for a load generator
            // reading its own target's responses it is only a per-response cost.
            super(new HttpDecoderConfig().setValidateHeaders(false));
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            return (inFlight != null && inFlight.isHead()) || super.isContentAlwaysEmpty(msg);
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (ctx.channel() != channel || inFlight == null) {
                return;
            }
            if (msg.decoderResult().isFailure()) {
                fail("BadStatusLine('" + msg.decoderResult().cause().getMessage() + "')");
                return;
            }
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof HttpContent content) {
                received += content.content().readableBytes();
                if (msg instanceof LastHttpContent) {
                    complete();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel && inFlight != null) {
                fail("RemoteDisconnected('Remote end closed connection without response')");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == channel && inFlight != null) {
                fail(errorText(cause));
            } else {
                ctx.close();
            }
        }
    }
}
