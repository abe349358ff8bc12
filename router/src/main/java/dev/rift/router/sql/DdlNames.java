package dev.rift.router.sql;

import dev.rift.cow.TableId;

import java.util.List;
import java.util.Optional;

/**
 * Reading the names of a DDL statement: optional {@code IF [NOT] EXISTS}, names rift must be able to read, and what
 * they refer to on the branch.
 */
final class DdlNames {
    private DdlNames() {
    }

    /** The token after {@code IF NOT EXISTS} at {@code k}, or {@code k}. */
    static int skipIfNotExists(Tokens t, int k) {
        return t.is(k, "if") && t.is(k + 1, "not") && t.is(k + 2, "exists") ? k + 3 : k;
    }

    /** The token after {@code IF EXISTS} at {@code k}, or {@code k}. */
    static int skipIfExists(Tokens t, int k) {
        return t.is(k, "if") && t.is(k + 1, "exists") ? k + 2 : k;
    }

    /** The name in {@code ALTER object [IF EXISTS] [ONLY] name}; refused when rift cannot read it. */
    static NameChain altered(Tokens t, String statement) {
        int k = skipIfExists(t, 2);
        return require(t, t.is(k, "only") ? k + 1 : k, statement);
    }

    /** The name at {@code k}, or null when rift cannot read one there (see {@link #require}). */
    static NameChain readable(Tokens t, int k) {
        NameChain name = NameChain.at(t, k);
        return name == null || !name.decodable() || name.parts().size() > 3 ? null : name;
    }

    /** The name at {@code k}; refused when rift cannot read one there. */
    static NameChain require(Tokens t, int k, String statement) {
        NameChain name = readable(t, k);
        if (name == null) {
            throw unreadable(statement);
        }
        return name;
    }

    static Refusal unreadable(String statement) {
        return Refusal.unsupported("rift cannot read the object's name in this " + statement);
    }

    /** The table part of a column's name ({@code s.t.c} → {@code s.t}), at the column name's tokens. */
    static NameChain tableOf(NameChain column) {
        return new NameChain(column.parts().subList(0, column.parts().size() - 1), column.first(), column.last());
    }

    /** The relation a name refers to, or empty also when the branch dropped it (PostgreSQL answers on the own schema). */
    static Optional<TableId> resolveUnlessGone(Resolver resolver, List<String> parts) {
        try {
            return resolver.resolve(parts);
        } catch (Refusal gone) {
            return Optional.empty();
        }
    }
}
