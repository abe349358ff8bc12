package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;
import java.util.Set;

/**
 * {@code COMMENT ON TABLE | COLUMN | INDEX | SEQUENCE | VIEW | TYPE name IS ...}: a comment on an upstream table or
 * type is made on the branch's own copy of it.
 *
 * @param object {@code table}, {@code column}, {@code index}, {@code sequence}, {@code view} or {@code type}
 * @param name   the object's name; for a column, {@code [schema.]table.column}
 */
record CommentOn(String object, NameChain name) implements DdlCommand {
    private static final Set<String> OBJECTS = Set.of("table", "column", "index", "sequence", "view", "type");

    static CommentOn parse(Tokens t, String statement) {
        String object = t.is(2, Kind.IDENT) ? t.get(2).value() : "";
        NameChain name = DdlNames.require(t, 3, statement);
        if (!OBJECTS.contains(object) || object.equals("column") && name.parts().size() < 2) {
            throw DdlCommand.unsupported(statement);
        }
        return new CommentOn(object, name);
    }

    /** The relation the comment is on: a column's table. */
    private NameChain relation() {
        return object.equals("column") ? DdlNames.tableOf(name) : name;
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        if (object.equals("type")) {
            AlterObject.changeType(a, name);
            return;
        }
        a.target(relation());
        switch (object) {
            case "table", "column" -> a.materializeIfUpstream(relation());
            default -> a.mustNotBeUpstream(name, object);
        }
    }
}
