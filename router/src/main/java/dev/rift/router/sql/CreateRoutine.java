package dev.rift.router.sql;

import java.util.List;

/**
 * {@code CREATE [OR REPLACE] FUNCTION | PROCEDURE name (...) ...}: made in the own schema of the schema it would land
 * in, where calls by that name find it before the upstream's (docs/ddl.md). It runs as it would on a copy but with the
 * session role's rights, so its body cannot write the upstream whatever names it spells.
 */
record CreateRoutine(NameChain name) implements DdlCommand {

    static CreateRoutine parse(Tokens t, int afterObject, String statement) {
        return new CreateRoutine(DdlNames.require(t, afterObject, statement));
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        a.create(name, null);
    }
}
