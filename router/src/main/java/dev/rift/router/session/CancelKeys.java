package dev.rift.router.session;

import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.storage.UpstreamUrl;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys rift hands its clients for cancelling, each mapped to the key of the upstream
 * backend that serves the client, so a CancelRequest reaches the right backend and no other.
 */
public final class CancelKeys {
    /** Where a cancel for one client goes. */
    public record Target(UpstreamUrl server, BackendKeyData upstreamKey) {}

    private record Entry(byte[] secret, Target target) {}

    private final ConcurrentHashMap<Integer, Entry> byProcessId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Issues rift's own key for a session whose upstream backend gave {@code upstreamKey}. */
    public BackendKeyData issue(Target target, int secretLength) {
        byte[] secret = new byte[secretLength];
        random.nextBytes(secret);
        Entry entry = new Entry(secret, target);
        while (true) {
            int pid = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            if (byProcessId.putIfAbsent(pid, entry) == null) {
                return new BackendKeyData(pid, secret);
            }
        }
    }

    public void release(BackendKeyData issued) {
        byProcessId.remove(issued.processId());
    }

    /** The upstream target for a request carrying a key rift issued, compared in constant time. */
    public Optional<Target> find(CancelRequest request) {
        Entry e = byProcessId.get(request.processId());
        if (e == null || !MessageDigest.isEqual(e.secret, request.secretKey())) {
            return Optional.empty();
        }
        return Optional.of(e.target);
    }

    public int size() {
        return byProcessId.size();
    }
}
