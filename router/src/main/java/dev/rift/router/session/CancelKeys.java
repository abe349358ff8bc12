package dev.rift.router.session;

import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.CancelRequest;
import dev.rift.storage.UpstreamUrl;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The keys rift hands its clients for cancelling, each mapped to the key of the upstream backend
 * that serves the client, so a CancelRequest reaches the right backend and no other. The process
 * id stays the backend's own (clients compare it with {@code pg_backend_pid()} and with the
 * sender of their notifications); only the secret is rift's, so a client never learns the
 * upstream's secret. Two servers may hand out the same process id: entries are told apart by secret.
 */
public final class CancelKeys {
    /** Where a cancel for one client goes. */
    public record Target(UpstreamUrl server, BackendKeyData upstreamKey) {}

    private record Entry(byte[] secret, Target target) {}

    private final ConcurrentHashMap<Integer, List<Entry>> byProcessId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Issues rift's own key for a session whose upstream backend is {@code target}. */
    public BackendKeyData issue(Target target, int secretLength) {
        byte[] secret = new byte[secretLength];
        random.nextBytes(secret);
        int pid = target.upstreamKey().processId();
        byProcessId.computeIfAbsent(pid, k -> new CopyOnWriteArrayList<>()).add(new Entry(secret, target));
        return new BackendKeyData(pid, secret);
    }

    public void release(BackendKeyData issued) {
        byProcessId.computeIfPresent(issued.processId(), (pid, entries) -> {
            entries.removeIf(e -> MessageDigest.isEqual(e.secret, issued.secretKey()));
            return entries.isEmpty() ? null : entries;
        });
    }

    /** The upstream target for a request carrying a key rift issued, secrets compared in constant time. */
    public Optional<Target> find(CancelRequest request) {
        List<Entry> entries = byProcessId.get(request.processId());
        if (entries == null) {
            return Optional.empty();
        }
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.secret, request.secretKey())) {
                return Optional.of(e.target);
            }
        }
        return Optional.empty();
    }

}
