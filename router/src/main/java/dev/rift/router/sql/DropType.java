package dev.rift.router.sql;

import java.util.List;

/** {@code DROP TYPE [IF EXISTS] name ...}: only a type the branch made itself. */
record DropType(NameChain name) implements DdlCommand {

    static DropType parse(Tokens t, String statement) {
        return new DropType(DdlNames.require(t, DdlNames.skipIfExists(t, 2), statement));
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        a.mustBeOwnType(name);
        a.target(name);
    }
}
