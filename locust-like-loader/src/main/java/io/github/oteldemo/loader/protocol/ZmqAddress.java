package io.github.oteldemo.loader.protocol;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;

/**
 * A ZeroMQ TCP endpoint and whether its socket needs IPv6, decided as Locust's
 * {@code BaseSocket.ipv4_only} decides: IPv6 is on when the machine has dual-stack sockets and
 * the host is the wildcard, resolves to an IPv6 address, or does not resolve at all.
 *
 * @param endpoint the {@code tcp://host[:port]} text, IPv6 literals in brackets
 * @param ipv6     whether the socket must have {@code ZMQ_IPV6} set
 */
record ZmqAddress(String endpoint, boolean ipv6) {

    private static final boolean DUAL_STACK = dualStack();

    /**
     * @param host a host name, address or {@code *}
     * @param port the port, or -1 for none (a bind to a random port)
     * @return the endpoint
     */
    static ZmqAddress of(String host, int port) {
        String shown = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return new ZmqAddress("tcp://" + shown + (port < 0 ? "" : ":" + port), DUAL_STACK && !ipv4Only(host));
    }

    private static boolean ipv4Only(String host) {
        if (host.equals("*")) {
            return false;
        }
        try {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return Arrays.stream(InetAddress.getAllByName(bare)).noneMatch(a -> a instanceof Inet6Address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Python's {@code socket.has_dualstack_ipv6()}: an IPv6 wildcard socket can be bound. */
    private static boolean dualStack() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
