package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code SET [SESSION | LOCAL] search_path {TO | =} ...}, {@code SET SCHEMA '...'}, {@code RESET search_path},
 * {@code RESET ALL}, {@code DISCARD ALL}: passed through, and remembered so later statements resolve names as
 * PostgreSQL will.
 */
final class SearchPathStatement {
    private SearchPathStatement() {}

    /** The change a SET/RESET/DISCARD statement makes to search_path, if it is one that does. */
    static Optional<SearchPathChange> change(Tokens t, List<String> defaultPath) {
        if (t.is(0, "reset")) {
            return t.is(1, "search_path") || t.is(1, "all") ? Optional.of(new SearchPathChange(defaultPath, false))
                    : Optional.empty();
        }
        if (t.is(0, "discard")) {
            return t.is(1, "all") ? Optional.of(new SearchPathChange(defaultPath, false)) : Optional.empty();
        }
        if (!t.is(0, "set")) {
            return Optional.empty();
        }
        int k = 1;
        boolean local = false;
        if (t.is(k, "session") && !t.is(k + 1, "authorization") && !t.is(k + 1, "characteristics")) {
            k++;
        } else if (t.is(k, "local")) {
            local = true;
            k++;
        }
        if (t.is(k, "schema") && t.is(k + 1, Kind.STRING) && k + 2 == t.size()) {
            return Optional.of(new SearchPathChange(List.of(t.get(k + 1).value()), local));
        }
        if (!t.is(k, "search_path")) {
            return Optional.empty();
        }
        k++;
        if (!(t.is(k, "to") || t.is(k, Kind.OP) && t.get(k).value().equals("="))) {
            return Optional.empty();
        }
        k++;
        if (t.is(k, "default") && k + 1 == t.size()) {
            return Optional.of(new SearchPathChange(defaultPath, local));
        }
        List<String> path = new ArrayList<>();
        for (int[] item : Assignments.splitAtCommas(t, k, t.size(), 0)) {
            Token v = t.get(item[0]);
            if (item[1] - item[0] != 1 || !(v.isName() || v.kind() == Kind.STRING) || v.value() == null) {
                return Optional.empty(); // PostgreSQL rejects it; nothing changes
            }
            // A quoted string is one schema name, taken literally (search_path is a GUC_LIST_QUOTE setting).
            path.add(v.kind() == Kind.STRING ? v.value() : NameChain.truncate(v.value()));
        }
        return path.isEmpty() ? Optional.empty() : Optional.of(new SearchPathChange(path, local));
    }
}
