package io.github.oteldemo.loader.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL users send their requests to ({@code --host}), parsed once.
 *
 * @param scheme   {@code http} or {@code https}
 * @param host     host name or address
 * @param port     TCP port (the scheme's default when the URL has none)
 * @param basePath path prefix without trailing slash, possibly empty
 */
public record HttpTarget(String scheme, String host, int port, String basePath) {

    /**
     * Parses a base URL the way Locust expects {@code --host}: scheme, host, optional port and
     * path, nothing else.
     *
     * @param url e.g. {@code http://localhost:8080}
     * @return the target
     * @throws IllegalArgumentException with a one-line message when the URL is unusable
     */
    public static HttpTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "no host given: set --host (or LOCUST_HOST / TARGET_HOST), e.g. http://localhost:8080");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed host '" + url + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("malformed host '" + url + "': it must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("malformed host '" + url + "': no host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "malformed host '" + url + "': only scheme, host, port and path are allowed");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new HttpTarget(scheme, uri.getHost(), port, path);
    }

    /** @return whether TLS is used */
    public boolean isTls() {
        return "https".equals(scheme);
    }

    /** @return the {@code Host} header value */
    public String hostHeader() {
        boolean defaultPort = isTls() ? port == 443 : port == 80;
        return defaultPort ? host : host + ":" + port;
    }

    /**
     * @param path a task path starting with {@code /}
     * @return the full URL, as Locust names it in error messages
     */
    public String url(String path) {
        return scheme + "://" + hostHeader() + basePath + path;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader() + basePath;
    }
}
