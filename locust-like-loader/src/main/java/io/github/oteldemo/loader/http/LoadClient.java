package io.github.oteldemo.loader.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The HTTP client all users share: a few event-loop threads, each driving many keep-alive
 * connections (one per user).
 *
 * <p>Why Netty and not a thread per user: on Java 17 there are no virtual threads, and a
 * platform thread per user spends most of its CPU on context switches. Why not the JDK's
 * {@code HttpClient}: measured 3-4x slower per request here (it allocates a future chain and
 * copies headers per exchange). Netty's event loop lets a user's next request go out from the
 * callback of its previous response, and wait times are timers on the same loop, so a few
 * threads carry thousands of users. See {@code bench/locust-like-loader/run.sh} for figures.
 */
public final class LoadClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Duration timeout;
    private final SslContext ssl;

    /**
     * @param threads event-loop threads (one per core is the sweet spot)
     * @param timeout connect and response timeout of each request
     */
    public LoadClient(int threads, Duration timeout) {
        // NIO rather than Netty's native epoll transport: the registry this project builds from
        // lacks the native jar, and NIO reaches the speed target on its own (see the bench).
        this.group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("loader-io", true), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.timeout = timeout;
        try {
            // Like Locust's FastHttpUser (insecure=True by default): a load test targets its own
            // servers, often with self-signed certificates.
            this.ssl = SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }

    /** @return an event loop to bind a new user to, round-robin */
    public EventLoop nextLoop() {
        return group.next();
    }

    /**
     * A connection for one user; it connects lazily and reconnects after errors.
     *
     * @param loop   the user's event loop; all callbacks run there
     * @param target where requests go
     * @return a new, not yet connected, connection
     */
    public UserConnection connection(EventLoop loop, HttpTarget target) {
        return new UserConnection(bootstrap.clone(loop), loop, target, target.isTls() ? ssl : null, timeout.toNanos());
    }

    /** Closes every connection and stops the event loops. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
