package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.router.sql.Token.Kind;

import java.util.List;

/**
 * {@code DROP SCHEMA [IF EXISTS] name [CASCADE | RESTRICT]} of a schema only the branch has: its own schema is dropped
 * in the client's transaction, so PostgreSQL decides RESTRICT (2BP01) and rolls back with it. An upstream schema is
 * refused: the branch cannot drop what main still has.
 */
record DropSchema(String name, boolean ifExists, boolean cascade) implements DdlCommand {

    static DropSchema parse(Tokens t, String statement) {
        int k = DdlNames.skipIfExists(t, 2);
        NameChain name = DdlNames.require(t, k, statement);
        if (name.parts().size() != 1) {
            throw DdlNames.unreadable(statement);
        }
        int end = name.last() + 1;
        if (t.is(end, Kind.COMMA)) {
            throw Refusal.unsupported(statement + " of several schemas is not supported on overlay branches");
        }
        boolean cascade = t.is(end, "cascade");
        if (cascade || t.is(end, "restrict")) {
            end++;
        }
        if (end < t.size() && !t.is(end, Kind.SEMICOLON)) {
            throw DdlNames.unreadable(statement);
        }
        return new DropSchema(name.lastPart(), k != 2, cascade);
    }

    @Override
    public List<NameChain> names() {
        return List.of();
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        Resolver resolver = a.resolver();
        if (!resolver.schemaExists(name)) {
            String message = "schema \"" + name + "\" does not exist";
            if (!ifExists) {
                throw new Refusal("3F000", message);
            }
            a.skipWithNotice(message + ", skipping", "DROP SCHEMA", "00000");
            return;
        }
        if (resolver.upstreamSchemaExists(name)) {
            throw Refusal.unsupported("DROP SCHEMA of the upstream schema " + name
                    + " is not supported on overlay branches");
        }
        String own = resolver.state().divergence().ownSchemas().get(name);
        a.sendInstead("DROP SCHEMA " + Quote.ident(own) + (cascade ? " CASCADE" : " RESTRICT"));
    }
}
