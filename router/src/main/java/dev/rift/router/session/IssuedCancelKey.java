package dev.rift.router.session;

import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.storage.UpstreamUrl;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The cancel key rift hands one client in place of its upstream backend's ({@link CancelKeys}), registered from the
 * session's start until it ends.
 */
final class IssuedCancelKey {
    private final CancelKeys keys;
    /** The upstream backend's key, so a shutdown can stop a statement it will not wait for any longer. */
    private CancelKeys.Target upstream;
    private BackendKeyData issued;

    IssuedCancelKey(CancelKeys keys) {
        this.keys = keys;
    }

    /** Registers a key for the backend at {@code server} and sends it to the client (unflushed). */
    void issue(UpstreamUrl server, BackendKeyData upstreamKey, Channel client) {
        upstream = new CancelKeys.Target(server, upstreamKey);
        issued = keys.issue(upstream, upstreamKey.secretKey().length);
        ByteBuf out = client.alloc().buffer(17);
        issued.encode(out);
        client.write(out, client.voidPromise());
    }

    /** The upstream backend a cancel of this session's statement goes to, or null before the key is issued. */
    CancelKeys.Target upstream() {
        return upstream;
    }

    /** The session ended: its key no longer cancels anything. */
    void withdraw() {
        if (issued != null) {
            keys.release(issued);
            issued = null;
        }
    }
}
