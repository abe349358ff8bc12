package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The functions and procedures a {@code DROP} or {@code ALTER FUNCTION | PROCEDURE | ROUTINE} names, and the guard
 * that keeps it to the branch's own: the statement is pointed at the own schema, and one naming only an upstream
 * routine is refused at run time (0A000), when PostgreSQL knows, in the client's transaction, what exists.
 */
final class RoutineNames {
    private RoutineNames() {}

    /** The names from token {@code k}: {@code name [(args)] [, ...]}; {@code list} false reads one. */
    static List<NameChain> read(Tokens t, int k, boolean list, String statement) {
        List<NameChain> names = new ArrayList<>();
        while (true) {
            NameChain name = DdlNames.require(t, k, statement);
            names.add(name);
            k = name.last() + 1;
            if (t.is(k, Kind.LPAREN)) {
                k = t.matching(k) + 1;
            }
            if (!list || !t.is(k, Kind.COMMA)) {
                return List.copyOf(names);
            }
            k++;
        }
    }

    /** The token after the name (and its argument list) at {@code name}. */
    static int after(Tokens t, NameChain name) {
        int k = name.last() + 1;
        return t.is(k, Kind.LPAREN) ? t.matching(k) + 1 : k;
    }

    /**
     * Points each qualified name at the own schema (an unqualified one is found there first by the search_path, and
     * PostgreSQL's notices then spell it as written) and guards against a routine of that name only the upstream has.
     */
    static void ownOnly(DdlAnalysis.Builder a, List<NameChain> names, String object) {
        Resolver resolver = a.resolver();
        Map<String, String> own = resolver.state().divergence().ownSchemas();
        for (NameChain name : names) {
            List<String> logical = name.parts().size() > 1 ? List.of(name.parts().get(name.parts().size() - 2))
                    : resolver.searchPath().stream().map(s -> s.equals("$user") ? resolver.user() : s)
                    .filter(s -> !s.equals("pg_catalog")).toList();
            if (name.parts().size() > 1) {
                a.create(name, null);
            }
            List<String> ownSchemas = logical.stream().map(own::get).filter(Objects::nonNull).toList();
            a.guard("DO $rift_guard$BEGIN IF NOT " + exists(name.lastPart(), ownSchemas) + " AND "
                    + exists(name.lastPart(), logical) + " THEN RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = "
                    + Quote.literal(a.statement() + " of the upstream's " + object + " " + name.lastPart()
                    + " is not supported on overlay branches: views, defaults and triggers bind to it by its oid")
                    + "; END IF; END$rift_guard$");
        }
    }

    private static String exists(String routine, List<String> schemas) {
        return "EXISTS (SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.proname = " + Quote.literal(routine) + " AND n.nspname = ANY ("
                + Quote.literal(arrayLiteral(schemas)) + "::text[]))";
    }

    private static String arrayLiteral(List<String> items) {
        return "{" + String.join(",", items.stream()
                .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "}";
    }
}
