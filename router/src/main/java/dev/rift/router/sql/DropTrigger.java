package dev.rift.router.sql;

import java.util.List;

/**
 * {@code DROP TRIGGER [IF EXISTS] name ON table [CASCADE | RESTRICT]}: on an upstream table the branch's copy loses
 * the trigger (the table is materialized first, with its triggers); the upstream table keeps it.
 */
record DropTrigger(NameChain table, boolean ifExists) implements DdlCommand {

    static DropTrigger parse(Tokens t, String statement) {
        int k = DdlNames.skipIfExists(t, 2);
        NameChain trigger = DdlNames.require(t, k, statement);
        if (!t.is(trigger.last() + 1, "on")) {
            throw DdlNames.unreadable(statement);
        }
        return new DropTrigger(DdlNames.require(t, trigger.last() + 2, statement), k != 2);
    }

    @Override
    public List<NameChain> names() {
        return List.of(table);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        if (ifExists && DdlNames.resolveUnlessGone(a.resolver(), table.parts()).isEmpty()) {
            a.skipWithNotice("relation \"" + String.join(".", table.parts()) + "\" does not exist, skipping",
                    "DROP TRIGGER", "00000");
            return;
        }
        TriggerTables.actOn(a, table);
    }
}
