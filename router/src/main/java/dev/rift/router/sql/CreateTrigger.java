package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name ... ON table [FROM table] ...}: a trigger on an upstream table
 * makes the table the branch's own first (materialized, as ALTER TABLE does), so the trigger is created on the
 * branch's copy after its fill and never fires for it; the upstream table keeps its triggers.
 *
 * @param tables the table after ON and the referenced table after FROM (constraint triggers)
 */
record CreateTrigger(List<NameChain> tables) implements DdlCommand {

    /** {@code afterObject}: the token after TRIGGER (the trigger's name). */
    static CreateTrigger parse(Tokens t, int afterObject, String statement) {
        DdlNames.require(t, afterObject, statement);
        int on = t.find(afterObject + 1, t.size(), 0, "on");
        if (on < 0) {
            throw DdlNames.unreadable(statement);
        }
        List<NameChain> tables = new ArrayList<>();
        NameChain table = DdlNames.require(t, on + 1, statement);
        tables.add(table);
        int from = table.last() + 1;
        if (t.is(from, "from") && t.is(from + 1, Kind.IDENT) || t.is(from, "from") && t.is(from + 1, Kind.QIDENT)) {
            tables.add(DdlNames.require(t, from + 1, statement));
        }
        return new CreateTrigger(List.copyOf(tables));
    }

    @Override
    public List<NameChain> names() {
        return tables;
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        for (NameChain table : tables) {
            TriggerTables.actOn(a, table);
        }
    }
}
