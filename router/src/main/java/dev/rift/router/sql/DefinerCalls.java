package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Calls of the upstream's SECURITY DEFINER functions in a branch's statement text. Such a function runs as its
 * owner, whose rights over the upstream a branch session must not borrow; PostgreSQL lets every role call it while
 * PUBLIC may. Refusing the calls rift sees is defence in depth, not the boundary: a call from inside another function
 * is not seen (docs/security.md says how an admin closes that).
 */
final class DefinerCalls {
    private DefinerCalls() {}

    /** The first definer function a statement calls by name, if any. */
    static Optional<String> find(List<String> statements, Set<String> definers) {
        if (definers.isEmpty()) {
            return Optional.empty();
        }
        for (String sql : statements) {
            Tokens t = new Tokens(sql);
            for (int i = 0; i < t.size(); i++) {
                Token tok = t.get(i);
                if (tok.isName() && t.is(i + 1, Kind.LPAREN) && definers.contains(tok.value())) {
                    return Optional.of(tok.value());
                }
            }
        }
        return Optional.empty();
    }

    static Refusal refusal(String function) {
        return Refusal.unsupported("calling SECURITY DEFINER function \"" + function + "\" is not supported on overlay"
                + " branches: it runs with its owner's rights on the upstream, which a branch session does not have");
    }
}
