package dev.rift.router.sql;

import java.util.List;

/**
 * {@code DROP FUNCTION | PROCEDURE | ROUTINE [IF EXISTS] name [(args)], ... [CASCADE]}: only routines the branch
 * made; one only the upstream has is refused (0A000), since it cannot be hidden as a relation can.
 */
record DropRoutines(String object, List<NameChain> names) implements DdlCommand {

    static DropRoutines parse(Tokens t, String statement) {
        return new DropRoutines(t.get(1).value(),
                RoutineNames.read(t, DdlNames.skipIfExists(t, 2), true, statement));
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        RoutineNames.ownOnly(a, names, object);
    }
}
