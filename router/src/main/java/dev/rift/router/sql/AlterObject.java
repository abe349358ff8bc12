package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;

/**
 * {@code ALTER INDEX | SEQUENCE | VIEW | TYPE [IF EXISTS] name ...}: only objects the branch made itself may change
 * (an upstream one cannot be copied as a table can), but for an upstream type's values and attributes: the branch
 * changes its own copy of the type (docs/ddl.md). Renaming or moving an upstream type would leave the upstream's
 * visible under its old name, so that stays refused.
 *
 * @param object              {@code index}, {@code sequence}, {@code view} or {@code type}
 * @param changesCopyableType {@code ADD | RENAME VALUE}, {@code ADD | DROP | ALTER | RENAME ATTRIBUTE}
 */
record AlterObject(String object, NameChain name, boolean changesCopyableType) implements DdlCommand {

    static AlterObject parse(Tokens t, String statement) {
        String object = t.is(1, Kind.IDENT) ? t.get(1).value() : "";
        NameChain name = DdlNames.altered(t, statement);
        if (!List.of("index", "sequence", "view", "type").contains(object)) {
            throw DdlCommand.unsupported(statement);
        }
        int k = name.last() + 1;
        boolean copyable = (t.is(k, "add") || t.is(k, "rename")) && t.is(k + 1, "value")
                || List.of("add", "drop", "alter", "rename").stream().anyMatch(w -> t.is(k, w))
                && t.is(k + 1, "attribute");
        return new AlterObject(object, name, copyable);
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        if (object.equals("type") && !a.isOwnType(name) && !changesCopyableType) {
            throw Refusal.unsupported(a.statement() + " of a type the branch did not create (" + name.lastPart()
                    + "): only ADD VALUE, RENAME VALUE and ADD, DROP, ALTER or RENAME ATTRIBUTE are supported on"
                    + " overlay branches");
        }
        if (object.equals("type")) {
            changeType(a, name);
            return;
        }
        a.mustNotBeUpstream(name, object);
        a.target(name);
    }

    /** A statement that changes type {@code name}: the branch's own, or its own copy of the upstream's first. */
    static void changeType(DdlAnalysis.Builder a, NameChain name) {
        if (a.isOwnType(name)) {
            a.target(name);
            return;
        }
        a.copyUpstreamType(name);
        if (name.parts().size() > 1) {
            a.create(name, null); // pointed at the copy, in the branch's own schema
        }
    }
}
