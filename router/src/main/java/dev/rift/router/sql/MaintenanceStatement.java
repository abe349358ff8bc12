package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code VACUUM}, {@code ANALYZE}, {@code CLUSTER}, {@code REINDEX} on a branch. Of the branch's own tables (and
 * indexes, and own schemas for {@code REINDEX SCHEMA}) they run as written. Anything else would act on main's tables (vacuum them, rewrite them under an exclusive lock,
 * reset their statistics): instead the statement does nothing and says so in a NOTICE, with PostgreSQL's command
 * tag. Limit: unlike a VACUUM that runs, the no-op does not fail inside a transaction block.
 */
final class MaintenanceStatement implements StatementPlan {
    private static final Set<String> VACUUM_WORDS = Set.of("full", "freeze", "verbose", "analyze", "analyse");

    private final Tokens t;
    private final String tag;
    /** The tables named, or empty when the statement covers every table (or names something else). */
    private final List<NameChain> names;
    private final boolean wholeDatabase;
    /** The token of {@code REINDEX SCHEMA name}'s name, or -1. */
    private final int schema;

    private MaintenanceStatement(Tokens t, String tag, List<NameChain> names, boolean wholeDatabase, int schema) {
        this.t = t;
        this.tag = tag;
        this.names = names;
        this.wholeDatabase = wholeDatabase;
        this.schema = schema;
    }

    static MaintenanceStatement of(Tokens t) {
        String verb = t.get(0).value();
        String tag = verb.equals("analyse") ? "ANALYZE" : verb.toUpperCase(Locale.ROOT);
        int k = 1;
        if (t.is(k, Kind.LPAREN) && t.matching(k) > 0) {
            k = t.matching(k) + 1;
        }
        while (k < t.size() && (verb.equals("reindex") ? t.is(k, "concurrently") : VACUUM_WORDS.contains(
                t.get(k).kind() == Kind.IDENT ? t.get(k).value() : ""))) {
            k++;
        }
        if (t.is(k, Kind.LPAREN) && t.matching(k) > 0) { // CLUSTER VERBOSE (options) is not; (options) VERBOSE is
            k = t.matching(k) + 1;
        }
        if (verb.equals("reindex")) {
            boolean named = t.is(k, "table") || t.is(k, "index");
            boolean schema = t.is(k, "schema");
            if (!named && !schema) {
                return new MaintenanceStatement(t, tag, List.of(), true, -1); // DATABASE, SYSTEM
            }
            k++;
            if (t.is(k, "concurrently")) {
                k++;
            }
            if (schema) {
                return new MaintenanceStatement(t, tag, List.of(), true,
                        (t.is(k, Kind.IDENT) || t.is(k, Kind.QIDENT)) && k == t.size() - 1 ? k : -1);
            }
        }
        List<NameChain> names = new ArrayList<>();
        while (k < t.size()) {
            NameChain name = NameChain.at(t, k);
            if (name == null || !name.decodable()) {
                return new MaintenanceStatement(t, tag, List.of(), true, -1);
            }
            names.add(name);
            k = name.last() + 1;
            if (t.is(k, Kind.LPAREN) && t.matching(k) > 0) { // a column list
                k = t.matching(k) + 1;
            }
            if (t.is(k, "using")) { // CLUSTER t USING index
                k += 2;
            }
            if (!t.is(k, Kind.COMMA)) {
                break;
            }
            k++;
        }
        return new MaintenanceStatement(t, tag, List.copyOf(names), names.isEmpty() || k < t.size(), -1);
    }

    /** {@code REINDEX INDEX name} of an index only the own schemas may hold: the first of them that has it. */
    private Rendering ownIndex(NameChain name, Resolver resolver) {
        Map<String, String> own = resolver.state().divergence().ownSchemas();
        List<String> schemas = name.parts().size() > 1 ? List.of(name.parts().get(name.parts().size() - 2))
                : resolver.searchPath();
        List<String> candidates = new ArrayList<>();
        for (String schema : schemas) {
            if (own.containsKey(schema)) {
                candidates.add("pg_catalog.to_regclass(" + Quote.literal(Quote.ident(own.get(schema)) + "."
                        + Quote.ident(name.lastPart())) + ")");
            }
        }
        candidates.add("NULL");
        String missing = "relation \"" + String.join(".", name.parts()) + "\" does not exist";
        return new Rendering(true, List.of(), List.of(), "DO $rift$DECLARE i regclass := coalesce("
                + String.join(", ", candidates) + "); BEGIN IF i IS NULL THEN RAISE EXCEPTION USING ERRCODE = '42P01',"
                + " MESSAGE = " + Quote.literal(missing) + "; END IF; EXECUTE 'REINDEX INDEX ' || i::text; END$rift$",
                Optional.of(tag));
    }

    @Override
    public Rendering render(RenderContext context) {
        Resolver resolver = context.resolver();
        Splicer s = new Splicer(t.sql);
        if (schema >= 0) {
            String name = t.get(schema).value();
            String physical = resolver.state().divergence().ownSchemas().get(name);
            if (physical != null) { // the branch's own relations in it; the upstream's are main's
                s.replace(t.beginOf(schema), t.endOf(schema), Quote.ident(physical));
                return Rendering.rewritten(List.of(), s.render());
            }
            if (!resolver.schemaExists(name)) {
                throw new Refusal("3F000", "schema \"" + name + "\" does not exist");
            }
        }
        boolean own = !wholeDatabase;
        for (NameChain name : names) {
            Optional<TableId> id = resolver.resolve(name.parts());
            if (id.isPresent() && resolver.isOwn(id.get())) {
                s.replace(t.get(name.first()).begin(), t.get(name.last()).end(), resolver.ownRelation(id.get()));
            } else if (id.isPresent()) {
                own = false;
            } else if (t.find(0, name.first(), 0, "index") >= 0) {
                return ownIndex(name, resolver); // rift does not track own indexes by name
            } else {
                // Not on the branch, but main may have it (a table the branch dropped): never sent as it is.
                throw new Refusal("42P01", "relation \"" + String.join(".", name.parts()) + "\" does not exist");
            }
        }
        if (own) {
            return s.isEmpty() ? Rendering.passThrough() : Rendering.rewritten(List.of(), s.render());
        }
        String notice = tag + " on an overlay branch does not run on main's tables; nothing was done";
        return new Rendering(true, List.of(), List.of(), "DO $rift$BEGIN RAISE NOTICE USING MESSAGE = "
                + Quote.literal(notice) + "; END$rift$", Optional.of(tag));
    }
}
