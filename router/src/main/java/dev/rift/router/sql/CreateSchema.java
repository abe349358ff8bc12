package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;

/**
 * {@code CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]}: a schema only the branch has, backed by an own
 * schema of the top layer that the client's session role owns (docs/ddl.md). Schema elements written in the
 * statement, and AUTHORIZATION of another role, are refused: the branch has no session role to own them as that role.
 */
record CreateSchema(String name, boolean ifNotExists, String authorization) implements DdlCommand {

    static CreateSchema parse(Tokens t, int k, String statement) {
        int n = DdlNames.skipIfNotExists(t, k);
        if (t.is(n, "authorization")) {
            throw Refusal.unsupported(statement + " without a schema name is not supported on overlay branches");
        }
        NameChain name = DdlNames.require(t, n, statement);
        if (name.parts().size() != 1) {
            throw DdlNames.unreadable(statement);
        }
        int end = name.last() + 1;
        String authorization = "current_user";
        if (t.is(end, "authorization")) {
            NameChain role = DdlNames.require(t, end + 1, statement);
            authorization = role.lastPart();
            end = role.last() + 1;
        }
        if (end < t.size() && !t.is(end, Kind.SEMICOLON)) {
            throw Refusal.unsupported(statement + " with schema elements is not supported on overlay branches yet"
                    + " (create the schema, then each object on its own)");
        }
        return new CreateSchema(name.lastPart(), n != k, authorization);
    }

    @Override
    public List<NameChain> names() {
        return List.of();
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        if (!List.of("current_user", "session_user", "current_role", a.resolver().user()).contains(authorization)) {
            throw Refusal.unsupported("CREATE SCHEMA ... AUTHORIZATION " + authorization + " is not supported on"
                    + " overlay branches: the schema is owned by the role that creates it");
        }
        if (name.startsWith("pg_")) {
            throw new Refusal("42939", "unacceptable schema name \"" + name + "\"");
        }
        if (name.startsWith("rift_")) {
            throw Refusal.unsupported("CREATE SCHEMA " + name + ": names starting with rift_ are rift's own on"
                    + " overlay branches");
        }
        if (a.resolver().schemaExists(name)) {
            String message = "schema \"" + name + "\" already exists";
            if (!ifNotExists) {
                throw new Refusal("42P06", message);
            }
            a.skipWithNotice(message + ", skipping", "CREATE SCHEMA", "42P06");
            return;
        }
        a.createSchema(name);
    }
}
