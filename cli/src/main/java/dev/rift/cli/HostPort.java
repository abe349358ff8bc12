package dev.rift.cli;

/** A HOST:PORT listen address as given on the command line. */
public record HostPort(String host, int port) {

    public static HostPort parse(String s, String defaultHost) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("empty listen address");
        }
        String host = defaultHost;
        String port = s.trim();
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            host = port.substring(0, colon);
            port = port.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = defaultHost;
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in listen address \"" + s + "\"");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port out of range in listen address \"" + s + "\"");
        }
        return new HostPort(host, p);
    }
}
