package dev.rift.router;

import dev.rift.router.control.ControlEndpoint;
import dev.rift.storage.UpstreamUrl;

/**
 * Where a session on {@code branch} runs its statements: a server, the database on it, and
 * whether statements are relayed as they are ({@link Mode#RELAY}: main, snapshot branches),
 * go through the overlay router ({@link Mode#OVERLAY}), or are answered by rift itself after the
 * client authenticated against the server ({@link Mode#CONTROL}: database {@code rift}, {@code control}).
 */
public record Route(String branch, UpstreamUrl server, Mode mode, ControlEndpoint control) {
    public enum Mode { RELAY, OVERLAY, CONTROL }

    public Route(String branch, UpstreamUrl server, Mode mode) {
        this(branch, server, mode, null);
    }

    public static Route relay(String branch, UpstreamUrl server) {
        return new Route(branch, server, Mode.RELAY);
    }

    /** Database {@code rift}: authenticated against {@code server}'s database as {@code main} is, then answered by rift. */
    public static Route control(UpstreamUrl server, ControlEndpoint control) {
        return new Route(ControlEndpoint.DATABASE, server, Mode.CONTROL, control);
    }
}
