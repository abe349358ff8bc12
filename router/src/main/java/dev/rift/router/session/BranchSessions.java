package dev.rift.router.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions open on each branch, so that deleting a branch can end them, and when each branch last saw a client
 * (for the control API's {@code /api/stats}).
 */
public final class BranchSessions {
    private final ConcurrentHashMap<String, Set<ClientSession>> byBranch = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Activity> activity = new ConcurrentHashMap<>();

    /**
     * When a branch last had a session open, close or send messages. A session holds its branch's instance, so the
     * hot path costs one volatile write per read batch and no map lookup.
     */
    static final class Activity {
        private volatile long lastMillis;

        /** Writes only when the millisecond changed: every session of the branch, on every event loop, touches it. */
        void touch() {
            long now = System.currentTimeMillis();
            if (now != lastMillis) {
                lastMillis = now;
            }
        }
    }

    void opened(String branch, ClientSession session) {
        byBranch.computeIfAbsent(branch, b -> ConcurrentHashMap.newKeySet()).add(session);
        activity(branch).touch();
    }

    void closed(String branch, ClientSession session) {
        byBranch.computeIfPresent(branch, (b, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        activity(branch).touch();
    }

    Activity activity(String branch) {
        return activity.computeIfAbsent(branch, b -> new Activity());
    }

    /** How many sessions are ready on {@code branch} (the idle reaper stops a postmaster only at 0). */
    public int count(String branch) {
        Set<ClientSession> s = byBranch.get(branch);
        return s == null ? 0 : s.size();
    }

    /** How many sessions are ready, on all branches ({@code main} included). */
    public int total() {
        return byBranch.values().stream().mapToInt(Set::size).sum();
    }

    /** When a session last opened, closed or sent a message on {@code branch}; empty if none has since start. */
    public Optional<Instant> lastActivity(String branch) {
        Activity a = activity.get(branch);
        return a == null || a.lastMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(a.lastMillis));
    }

    /** How many sessions are ready on each branch that has any, at this moment (the metrics' open-connection gauge). */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new HashMap<>();
        byBranch.forEach((branch, set) -> {
            int n = set.size();
            if (n > 0) {
                out.put(branch, n);
            }
        });
        return out;
    }

    /** Ends every session on {@code branch} with {@code sqlState} and {@code message}, as PostgreSQL ends sessions. */
    public void terminate(String branch, String sqlState, String message) {
        Set<ClientSession> s = byBranch.remove(branch);
        if (s != null) {
            s.forEach(session -> session.terminate(sqlState, message));
        }
    }
}
