package dev.rift.router.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions open on each branch, so that deleting a branch can end them. */
public final class BranchSessions {
    private final ConcurrentHashMap<String, Set<ClientSession>> byBranch = new ConcurrentHashMap<>();

    void opened(String branch, ClientSession session) {
        byBranch.computeIfAbsent(branch, b -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void closed(String branch, ClientSession session) {
        byBranch.computeIfPresent(branch, (b, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many sessions are ready on {@code branch} (the idle reaper stops a postmaster only at 0). */
    public int count(String branch) {
        Set<ClientSession> s = byBranch.get(branch);
        return s == null ? 0 : s.size();
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
