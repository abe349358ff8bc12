package dev.rift.router.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A branch's notification channels: {@code LISTEN}, {@code NOTIFY}, {@code pg_notify} on a branch use the upstream
 * channel {@code rift_<8 hex digits of the branch name's SHA-256>_<channel>}, so a branch hears only its own
 * sessions, never main or another branch, and main never hears a branch. The session maps the name back in every
 * NotificationResponse. A hash rather than the name keeps the prefix short (channel names are identifiers, at most
 * 63 bytes): 14 bytes of it, 49 left for the client's channel.
 */
public final class BranchChannels {
    /** PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1). */
    static final int MAX_NAME = 63;

    private BranchChannels() {}

    public static String prefix(String branch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(branch.getBytes(StandardCharsets.UTF_8));
            return "rift_" + HexFormat.of().formatHex(digest, 0, 4) + "_";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The upstream channel of {@code channel} on {@code branch}; refused when it would not fit in an identifier. */
    static String upstream(String branch, String channel) {
        String mapped = prefix(branch) + channel;
        if (mapped.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw Refusal.unsupported("notification channel names longer than "
                    + (MAX_NAME - prefix(branch).length()) + " bytes are not supported on overlay branches");
        }
        return mapped;
    }

    /** The client's channel name of an upstream channel, or the name itself when it is not the branch's. */
    public static String client(String prefix, String upstreamChannel) {
        return upstreamChannel.startsWith(prefix) ? upstreamChannel.substring(prefix.length()) : upstreamChannel;
    }
}
