package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;

/**
 * {@code ALTER INDEX | SEQUENCE | VIEW | TYPE [IF EXISTS] name ...}: only objects the branch made itself may change
 * (an upstream one cannot be copied as a table can).
 *
 * @param object {@code index}, {@code sequence}, {@code view} or {@code type}
 */
record AlterObject(String object, NameChain name) implements DdlCommand {

    static AlterObject parse(Tokens t, String statement) {
        String object = t.is(1, Kind.IDENT) ? t.get(1).value() : "";
        NameChain name = DdlNames.altered(t, statement);
        if (!List.of("index", "sequence", "view", "type").contains(object)) {
            throw DdlCommand.unsupported(statement);
        }
        return new AlterObject(object, name);
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        if (object.equals("type")) {
            a.mustBeOwnType(name);
        } else {
            a.mustNotBeUpstream(name, object);
        }
        a.target(name);
    }
}
