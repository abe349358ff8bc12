package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.cow.UpstreamCatalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream tables with row-level security that a string reads and the branch does not hold yet, when its client
 * does not bypass the policies. Read upstream, they would be filtered by policies that do not name the session role
 * (it would see only what {@code TO PUBLIC} allows); held whole, the branch's copy carries them mapped to the session
 * roles, so the client sees what it sees on a copy (docs/security.md). Only routing (a decision-cache miss) asks,
 * and with no such table upstream it costs two cached lookups.
 */
final class RowSecurityReads {
    private RowSecurityReads() {}

    static Set<TableId> toHold(List<String> statements, Resolver resolver, UpstreamCatalog catalog) {
        Set<TableId> secured = catalog.rowSecurityTables();
        if (secured.isEmpty() || catalog.bypassesRowSecurity(resolver.user())) {
            return Set.of();
        }
        Set<TableId> out = new LinkedHashSet<>();
        for (String statement : statements) {
            Tokens t = new Tokens(statement);
            // The token scan finds every name in relation position (more rather than fewer): holding a table the
            // statement does not read after all costs a copy, never a wrong answer.
            for (int m : RelationMentions.find(t)) {
                List<String> parts = NameChain.at(t, m).parts();
                if (parts.contains(null)) {
                    continue;
                }
                try {
                    resolver.resolve(parts).filter(secured::contains)
                            .filter(id -> !resolver.isOwnRelation(id) && resolver.readRelation(id).isEmpty())
                            .ifPresent(out::add);
                } catch (Refusal r) {
                    // a name the branch dropped: the statement's own analysis answers for it
                }
            }
        }
        return out;
    }
}
