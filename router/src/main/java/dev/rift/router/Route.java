package dev.rift.router;

import dev.rift.storage.UpstreamUrl;

/**
 * Where a session on {@code branch} runs its statements: a server, the database on it, and
 * whether statements are relayed as they are ({@link Mode#RELAY}: main, snapshot branches) or
 * go through the overlay router ({@link Mode#OVERLAY}).
 */
public record Route(String branch, UpstreamUrl server, Mode mode) {
    public enum Mode { RELAY, OVERLAY }

    public static Route relay(String branch, UpstreamUrl server) {
        return new Route(branch, server, Mode.RELAY);
    }
}
