package dev.rift.router.sql;

import dev.rift.cow.TableId;

import java.util.Optional;

/** The table a trigger statement names: pointed at the branch's own schema, made the branch's own when upstream. */
final class TriggerTables {
    private TriggerTables() {
    }

    static void actOn(DdlAnalysis.Builder a, NameChain table) {
        Optional<TableId> id = DdlNames.resolveUnlessGone(a.resolver(), table.parts());
        if (id.isEmpty()) {
            // PostgreSQL's answer for the name as written, never one naming the own schema it would be pointed at.
            throw new Refusal("42P01", "relation \"" + String.join(".", table.parts()) + "\" does not exist");
        }
        a.target(table);
        a.materializeIfUpstream(table);
        a.mustNotBeUpstream(table, "relation"); // a view's INSTEAD OF trigger, say: the upstream view would change
    }
}
