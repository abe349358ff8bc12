package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GRANT privileges ON [TABLE | SEQUENCE | FUNCTION | PROCEDURE | ROUTINE | SCHEMA] names TO roles} and the
 * matching {@code REVOKE ... FROM roles}, on objects the branch made: applied to them, with each client role standing
 * as its session role on this branch, so that role really gets the access there. Upstream objects are refused (rift
 * never grants on them), and so is PUBLIC: a grant to PUBLIC on a branch object would reach roles connected to main.
 */
record GrantPrivileges(String verb, String kind, List<NameChain> objects, List<Integer> granteeTokens)
        implements DdlCommand {
    private static final Set<String> ROUTINE_KINDS = Set.of("function", "procedure", "routine");
    private static final Set<String> KINDS = Set.of("table", "sequence", "function", "procedure", "routine", "schema");
    private static final Set<String> CLIENT_WORDS = Set.of("current_user", "session_user", "current_role");

    static GrantPrivileges parse(Tokens t, String statement) {
        String verb = t.get(0).value().toUpperCase(java.util.Locale.ROOT);
        int on = -1;
        int depth = 0;
        for (int i = 1; i < t.size() && on < 0; i++) {
            depth += t.is(i, Kind.LPAREN) ? 1 : t.is(i, Kind.RPAREN) ? -1 : 0;
            if (depth == 0 && t.is(i, "on")) {
                on = i;
            }
        }
        if (on < 0) {
            throw Refusal.unsupported(verb + " of a role is not supported on overlay branches: roles are the"
                    + " server's, not the branch's");
        }
        int k = on + 1;
        String kind = "table";
        if (t.is(k, Kind.IDENT) && KINDS.contains(t.get(k).value())) {
            kind = t.get(k).value();
            k++;
        } else if (t.is(k, "all") || t.is(k, Kind.IDENT) && t.is(k + 1, Kind.IDENT) && !t.is(k + 1, "to")
                && !t.is(k + 1, "from")) {
            throw Refusal.unsupported(verb + " ON " + t.get(k).value().toUpperCase(java.util.Locale.ROOT)
                    + " ... is not supported on overlay branches");
        }
        List<NameChain> objects = RoutineNames.read(t, k, true, statement); // names, a routine's (args) skipped
        k = objects.get(objects.size() - 1).last() + 1;
        if (t.is(k, Kind.LPAREN)) {
            k = t.matching(k) + 1;
        }
        String preposition = verb.equals("GRANT") ? "to" : "from";
        if (!t.is(k, preposition)) {
            throw DdlNames.unreadable(statement);
        }
        List<Integer> grantees = new ArrayList<>();
        k++;
        while (k < t.size() && (t.is(k, Kind.IDENT) || t.is(k, Kind.QIDENT))) {
            if (t.is(k, "group")) {
                k++;
            }
            grantees.add(k++);
            if (!t.is(k, Kind.COMMA)) {
                break;
            }
            k++;
        }
        return new GrantPrivileges(verb, kind, objects, List.copyOf(grantees));
    }

    @Override
    public List<NameChain> names() {
        return List.of();
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        Resolver resolver = a.resolver();
        Map<String, String> own = resolver.state().divergence().ownSchemas();
        Map<Integer, String> replaced = new LinkedHashMap<>();
        for (NameChain name : objects) {
            List<String> p = name.parts();
            if (kind.equals("schema")) {
                schema(resolver, own, name, replaced);
            } else if (ROUTINE_KINDS.contains(kind)) {
                routine(resolver, own, name, replaced);
            } else {
                Optional<TableId> id = DdlNames.resolveUnlessGone(resolver, p);
                if (id.isEmpty()) {
                    throw new Refusal("42P01", "relation \"" + String.join(".", p) + "\" does not exist");
                }
                if (!resolver.isOwn(id.get())) {
                    throw upstream("table", String.join(".", p));
                }
                qualify(name, own.get(id.get().schema()), replaced);
            }
        }
        Map<Integer, String> grantees = new LinkedHashMap<>();
        for (int i : granteeTokens) {
            String role = a.tokens().get(i).value();
            if (a.tokens().is(i, Kind.IDENT) && role.equals("public")) {
                throw Refusal.unsupported(verb + " ... PUBLIC on a branch object is not supported on overlay"
                        + " branches: it would reach roles connected to main; name the roles");
            }
            if (role.startsWith("rift_") || role.startsWith("pg_")) {
                // rift's roles and the predefined ones have no session role standing for them on a branch.
                throw Refusal.unsupported(verb + " ... " + role + " on a branch object is not supported on overlay"
                        + " branches");
            }
            grantees.put(i, a.tokens().is(i, Kind.IDENT) && CLIENT_WORDS.contains(role) ? resolver.user() : role);
        }
        a.grant(new GrantTargets(replaced, grantees));
    }

    private void schema(Resolver resolver, Map<String, String> own, NameChain name, Map<Integer, String> replaced) {
        String schema = name.lastPart();
        if (!resolver.schemaExists(schema)) {
            throw new Refusal("3F000", "schema \"" + schema + "\" does not exist");
        }
        if (resolver.upstreamSchemaExists(schema)) {
            throw upstream("schema", schema);
        }
        replaced.put(name.first(), Quote.ident(own.get(schema)));
    }

    private void routine(Resolver resolver, Map<String, String> own, NameChain name, Map<Integer, String> replaced) {
        List<String> p = name.parts();
        List<String> schemas = p.size() > 1 ? List.of(p.get(p.size() - 2)) : resolver.searchPath();
        Set<TableId> ownRoutines = resolver.state().divergence().ownFunctions();
        Optional<String> schema = schemas.stream()
                .filter(s -> ownRoutines.contains(new TableId(s, name.lastPart()))).findFirst();
        if (schema.isEmpty()) {
            throw upstream(kind, String.join(".", p));
        }
        qualify(name, own.get(schema.get()), replaced);
    }

    /** The name pointed at the own schema: its schema part replaced, or the own schema put in front. */
    private static void qualify(NameChain name, String ownSchema, Map<Integer, String> replaced) {
        String quoted = Quote.ident(ownSchema);
        if (name.parts().size() > 1) {
            replaced.put(name.last() - 2, quoted);
        } else {
            replaced.put(name.first(), quoted + "." + Quote.ident(name.lastPart()));
        }
    }

    private Refusal upstream(String what, String name) {
        return Refusal.unsupported(verb + " on the upstream " + what + " " + name + " is not supported on overlay"
                + " branches: rift grants nothing on upstream objects; it applies to objects the branch made");
    }
}
