package dev.rift.router.sql;

import java.util.List;

/**
 * {@code ALTER FUNCTION | PROCEDURE | ROUTINE name [(args)] ...} of a routine the branch made. Moving it to another
 * schema or giving it to another role would take it out of the branch's reach: refused.
 */
record AlterRoutine(String object, NameChain name) implements DdlCommand {

    static AlterRoutine parse(Tokens t, String statement) {
        NameChain name = RoutineNames.read(t, 2, false, statement).get(0);
        int k = RoutineNames.after(t, name);
        if (t.is(k, "set") && t.is(k + 1, "schema") || t.is(k, "owner") && t.is(k + 1, "to")) {
            throw Refusal.unsupported(statement + " ... " + t.get(k).value().toUpperCase(java.util.Locale.ROOT) + " "
                    + t.get(k + 1).value().toUpperCase(java.util.Locale.ROOT)
                    + " is not supported on overlay branches yet: the routine would leave the branch's own schema"
                    + " or its session role");
        }
        return new AlterRoutine(t.get(1).value(), name);
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        RoutineNames.ownOnly(a, List.of(name), object);
    }
}
