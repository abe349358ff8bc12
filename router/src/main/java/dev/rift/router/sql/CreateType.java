package dev.rift.router.sql;

import java.util.List;

/**
 * {@code CREATE TYPE name ...}, {@code CREATE [OR REPLACE] FUNCTION | PROCEDURE name (...) ...}: made in the own schema
 * like a relation, but not a relation. A routine made so is found by calls before the upstream's of its name
 * (docs/ddl.md); it runs with the session role's rights, so its body cannot write the upstream whatever it names.
 */
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
