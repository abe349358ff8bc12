package dev.rift.router.sql;

import java.util.List;

/** {@code CREATE TYPE [IF NOT EXISTS] name ...}: made in the own schema like a relation, but not a relation. */
record CreateType(NameChain name) implements DdlCommand {

    static CreateType parse(Tokens t, int afterObject, String statement) {
        return new CreateType(DdlNames.require(t, DdlNames.skipIfNotExists(t, afterObject), statement));
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
