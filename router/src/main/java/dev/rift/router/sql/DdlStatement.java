package dev.rift.router.sql;

import dev.rift.cow.MaterializationPlan;
import dev.rift.cow.Quote;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DDL on an overlay branch (docs/ddl.md): objects are made in the branch's own schema (unqualified names land there
 * through the session's search_path; qualified ones are pointed there), upstream tables the DDL would change are
 * materialized first, dropped upstream relations are hidden, and the statement is logged; all of it in the client's
 * transaction. Anything that would reach an upstream object is refused.
 */
final class DdlStatement implements StatementPlan {
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "unlogged", "unique", "recursive");

    private final Tokens t;
    private final String what;
    private final Set<TableId> materialize = new LinkedHashSet<>();
    private final Set<TableId> toWrite = new LinkedHashSet<>();
    private final Set<String> schemas = new LinkedHashSet<>();
    /** Names the statement creates: qualified, or null schema for the creation schema. */
    private final List<NameChain> creates = new ArrayList<>();
    /** Existing relations the statement acts on by name: always pointed at an own schema, never the upstream's. */
    private final List<NameChain> targets = new ArrayList<>();
    private final RelationKind createdKind;
    private final List<TableId> dropsOwn = new ArrayList<>();
    private final List<TableId> hides = new ArrayList<>();
    private NameChain renamedFrom;
    private String renamedTo;
    private final boolean passThrough;

    private StatementPlan body;
    private int bodyStart = -1;

    private DdlStatement(Tokens t, Resolver resolver, StatementParser parser) {
        this.t = t;
        this.what = StatementKinds.ddlName(t);
        String verb = t.get(0).value();
        int k = 1;
        if (verb.equals("create")) {
            boolean temp = false;
            while (t.is(k, Kind.IDENT) && (CREATE_MODIFIERS.contains(t.get(k).value())
                    || t.get(k).value().matches("temp|temporary|global|local"))) {
                temp |= t.get(k).value().startsWith("temp");
                k++;
            }
            String object = t.is(k, Kind.IDENT) ? t.get(k).value() : "";
            passThrough = temp; // session-local objects: the upstream's catalog holds them only for this session
            createdKind = switch (object) {
                case "table" -> RelationKind.TABLE;
                case "view" -> RelationKind.VIEW;
                case "sequence" -> RelationKind.SEQUENCE;
                default -> null;
            };
            if (!temp) {
                analyseCreate(object, k + 1, resolver);
                bodyStart = object.equals("view") || object.equals("table") ? queryAfterAs(k + 1) : -1;
                if (bodyStart >= 0) {
                    body = new QueryStatement(t.sql.substring(t.beginOf(bodyStart)), parser, resolver, false);
                }
            }
        } else {
            passThrough = false;
            createdKind = null;
            switch (verb) {
                case "alter" -> analyseAlter(resolver);
                case "drop" -> analyseDrop(resolver);
                case "comment" -> analyseComment(resolver);
                default -> throw refused();
            }
        }
        for (int i = 0; i < t.size(); i++) {
            if (t.is(i, "references")) {
                NameChain parent = NameChain.at(t, i + 1);
                if (parent != null) {
                    materializeIfUpstream(parent, resolver);
                    targets.add(parent);
                }
            }
        }
    }

    static StatementPlan of(Tokens t, Resolver resolver, StatementParser parser) {
        return new DdlStatement(t, resolver, parser);
    }

    /** The first token of the query in {@code CREATE VIEW v [(...)] [WITH (...)] AS query} or CREATE TABLE ... AS. */
    private int queryAfterAs(int from) {
        int as = t.find(from, t.size(), 0, "as");
        if (as < 0 || !(t.is(as + 1, "select") || t.is(as + 1, "with") || t.is(as + 1, "values")
                || t.is(as + 1, "table") || t.is(as + 1, Kind.LPAREN))) {
            return -1;
        }
        return as + 1;
    }

    private Refusal refused() {
        return Refusal.unsupported(what + " is not supported on overlay branches yet");
    }

    // ---- analysis ----------------------------------------------------------------------

    private void analyseCreate(String object, int k, Resolver resolver) {
        switch (object) {
            case "table", "sequence", "view", "type" -> {
                k = skipIfNotExists(k);
                NameChain name = requireName(k);
                creates.add(name);
                if (object.equals("table") && (t.find(k, t.size(), 0, "partition") > 0
                        || t.find(k, t.size(), 0, "inherits") > 0)) {
                    throw Refusal.unsupported("partitioned and inheriting tables are not supported on overlay"
                            + " branches yet");
                }
                if (object.equals("view")) {
                    // The view must read the branch's rows, now and after later writes: every upstream table it
                    // names gets its place in the top layer, so the view can be bound to the merged relation.
                    for (int i = name.last() + 1; i < t.size(); i++) {
                        NameChain n = NameChain.at(t, i);
                        if (n == null) {
                            continue;
                        }
                        upstreamTable(n, resolver).ifPresent(toWrite::add);
                        i = n.last();
                    }
                }
                if (object.equals("sequence")) {
                    int owned = t.find(k, t.size(), 0, "owned");
                    if (owned > 0 && t.is(owned + 1, "by")) {
                        NameChain column = NameChain.at(t, owned + 2);
                        if (column != null && column.parts().size() >= 2) {
                            materializeIfUpstream(new NameChain(column.parts().subList(0, column.parts().size() - 1),
                                    column.first(), column.last()), resolver);
                        }
                    }
                }
            }
            case "index" -> {
                if (t.is(k, "concurrently")) {
                    k++;
                }
                k = skipIfNotExists(k);
                int on = t.find(k, t.size(), 0, "on");
                if (on < 0) {
                    throw refused();
                }
                NameChain table = requireName(t.is(on + 1, "only") ? on + 2 : on + 1);
                materializeIfUpstream(table, resolver);
                targets.add(table);
                mustNotBeUpstream(table, resolver, "index");
            }
            default -> throw refused();
        }
    }

    private void analyseAlter(Resolver resolver) {
        String object = t.is(1, Kind.IDENT) ? t.get(1).value() : "";
        int k = 2;
        if (t.is(k, "if") && t.is(k + 1, "exists")) {
            k += 2;
        }
        if (t.is(k, "only")) {
            k++;
        }
        NameChain name = requireName(k);
        targets.add(name);
        switch (object) {
            case "table" -> {
                if (t.find(k, t.size(), 0, "schema") > 0 && t.is(t.find(k, t.size(), 0, "schema") - 1, "set")) {
                    throw Refusal.unsupported("ALTER TABLE ... SET SCHEMA is not supported on overlay branches yet");
                }
                materializeIfUpstream(name, resolver);
                int rename = name.last() + 1;
                if (t.is(rename, "rename") && t.is(rename + 1, "to") && t.is(rename + 2, Kind.IDENT)
                        || t.is(rename, "rename") && t.is(rename + 1, "to") && t.is(rename + 2, Kind.QIDENT)) {
                    renamedFrom = name;
                    renamedTo = NameChain.at(t, rename + 2).lastPart();
                }
            }
            case "index", "sequence", "view" -> mustNotBeUpstream(name, resolver, object);
            default -> throw refused();
        }
    }

    private void analyseDrop(Resolver resolver) {
        String object = t.is(1, Kind.IDENT) ? t.get(1).value() : "";
        if (!Set.of("table", "view", "sequence", "index").contains(object)) {
            throw refused();
        }
        int k = 2;
        if (t.is(k, "concurrently")) {
            throw Refusal.unsupported("DROP INDEX CONCURRENTLY is not supported on overlay branches yet");
        }
        boolean ifExists = t.is(k, "if") && t.is(k + 1, "exists");
        if (ifExists) {
            k += 2;
        }
        while (true) {
            NameChain name = requireName(k);
            Optional<TableId> id;
            try {
                id = resolver.resolve(name.parts());
            } catch (Refusal gone) {
                if (!ifExists) {
                    throw gone;
                }
                throw Refusal.unsupported("DROP ... IF EXISTS of a relation this branch already dropped is not"
                        + " supported yet");
            }
            if (id.isEmpty() || resolver.isOwn(id.get())) {
                targets.add(name);
            }
            if (id.isPresent() && resolver.isOwn(id.get())) {
                dropsOwn.add(id.get());
            } else if (id.isPresent()) {
                RelationKind kind = resolver.kind(id.get());
                if (kind == RelationKind.INDEX) {
                    throw Refusal.unsupported("dropping an index of the upstream (" + id.get() + ") is not"
                            + " supported on overlay branches yet");
                }
                if (kind == RelationKind.TABLE && !object.equals("table")
                        || kind == RelationKind.VIEW && !object.equals("view")
                        || kind == RelationKind.SEQUENCE && !object.equals("sequence")) {
                    throw new Refusal("42809", "\"" + id.get().name() + "\" is not a " + object);
                }
                hides.add(id.get());
            }
            k = name.last() + 1;
            if (!t.is(k, Kind.COMMA)) {
                break;
            }
            k++;
        }
        if (!hides.isEmpty() && (!dropsOwn.isEmpty() || t.is(k, "cascade"))) {
            throw Refusal.unsupported("dropping upstream relations together with the branch's own, or with CASCADE,"
                    + " is not supported on overlay branches yet");
        }
    }

    private void analyseComment(Resolver resolver) {
        String object = t.is(2, Kind.IDENT) ? t.get(2).value() : "";
        NameChain name = requireName(3);
        targets.add(name);
        switch (object) {
            case "table" -> materializeIfUpstream(name, resolver);
            case "column" -> {
                if (name.parts().size() < 2) {
                    throw refused();
                }
                materializeIfUpstream(new NameChain(name.parts().subList(0, name.parts().size() - 1),
                        name.first(), name.last()), resolver);
            }
            case "index", "sequence", "view" -> mustNotBeUpstream(name, resolver, object);
            default -> throw refused();
        }
    }

    private int skipIfNotExists(int k) {
        return t.is(k, "if") && t.is(k + 1, "not") && t.is(k + 2, "exists") ? k + 3 : k;
    }

    private NameChain requireName(int k) {
        NameChain name = NameChain.at(t, k);
        if (name == null || !name.decodable() || name.parts().size() > 3) {
            throw Refusal.unsupported("rift cannot read the object's name in this " + what);
        }
        if (name.parts().size() >= 2) {
            schemas.add(name.parts().get(name.parts().size() - 2));
        }
        return name;
    }

    private Optional<TableId> upstreamTable(NameChain name, Resolver resolver) {
        if (!name.decodable() || name.parts().size() > 3) {
            return Optional.empty();
        }
        List<String> parts = name.parts().size() == 3 ? name.parts().subList(1, 3) : name.parts();
        Optional<TableId> id = resolver.resolve(parts);
        if (id.isEmpty() || resolver.isOwn(id.get()) || resolver.kind(id.get()) != RelationKind.TABLE
                || "pg_catalog".equals(id.get().schema()) || "information_schema".equals(id.get().schema())) {
            return Optional.empty();
        }
        return id;
    }

    private void materializeIfUpstream(NameChain name, Resolver resolver) {
        upstreamTable(name, resolver).ifPresent(materialize::add);
    }

    private void mustNotBeUpstream(NameChain name, Resolver resolver, String object) {
        Optional<TableId> id = resolver.resolve(name.parts());
        if (id.isPresent() && !resolver.isOwn(id.get()) && !materialize.contains(id.get())) {
            throw Refusal.unsupported(what + " on the upstream's " + object + " " + id.get()
                    + " is not supported on overlay branches yet");
        }
    }

    // ---- the plan's steps ----------------------------------------------------------------

    /** Whether the statement materializes or hides upstream relations (then it must run alone). */
    boolean changesUpstreamRelations() {
        return !materialize.isEmpty() || !hides.isEmpty();
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return toWrite;
    }

    @Override
    public boolean isDdl() {
        return !passThrough;
    }

    @Override
    public Set<TableId> tablesToMaterialize() {
        return materialize;
    }

    @Override
    public Set<String> schemasToPrepare() {
        return schemas;
    }

    @Override
    public Rendering render(RenderContext context) {
        if (passThrough) {
            return Rendering.passThrough();
        }
        Resolver resolver = context.resolver();
        List<String> preludes = new ArrayList<>();
        long layer = resolver.state().stack().get(0);
        preludes.add("SELECT rift.log_ddl(" + layer + ", " + Quote.literal(context.branch()) + ", "
                + Quote.literal(t.sql.strip()) + ")");
        Map<TableId, RelationKind> created = new HashMap<>();
        Set<TableId> removed = new HashSet<>();
        Set<TableId> hidden = new HashSet<>();
        Optional<MaterializationPlan> plan = context.materialization();
        if (plan.isPresent()) {
            preludes.addAll(plan.get().statements());
            for (TableId id : plan.get().tables()) {
                created.put(id, RelationKind.TABLE);
                hidden.add(id);
            }
        }
        for (TableId id : hides) {
            preludes.add("SELECT rift.hide(" + layer + ", " + Quote.literal(id.sql()) + "::regclass)");
            hidden.add(id);
        }
        removed.addAll(dropsOwn);
        for (NameChain name : creates) {
            String schema = name.parts().size() >= 2 ? name.parts().get(name.parts().size() - 2)
                    : creationSchema(resolver);
            if (schema != null && createdKind != null) {
                created.put(new TableId(schema, name.lastPart()), createdKind);
            }
        }
        if (renamedFrom != null) {
            TableId from = new TableId(renamedFrom.parts().size() >= 2
                    ? renamedFrom.parts().get(renamedFrom.parts().size() - 2) : schemaOf(renamedFrom, resolver),
                    renamedFrom.lastPart());
            removed.add(from);
            created.remove(from);
            created.put(new TableId(from.schema(), renamedTo), RelationKind.TABLE);
        }
        DdlEffects effects = new DdlEffects(created, removed, hidden);
        resolver.useState(PendingState.of(resolver.state(), effects));
        String main = hides.isEmpty() ? pointedAtOwnSchemas(resolver) : "DO $rift$BEGIN END$rift$";
        if (body != null) {
            Rendering query = body.render(context);
            if (query.changed()) {
                preludes.addAll(query.preludes());
                String head = new Tokens(main).sql;
                int cut = head.length() - (t.sql.length() - t.beginOf(bodyStart));
                main = head.substring(0, cut) + query.main();
            }
        }
        Optional<String> tag = hides.isEmpty() ? Optional.empty()
                : Optional.of("DROP " + t.get(1).value().toUpperCase(Locale.ROOT));
        return new Rendering(true, List.of(asOneStatement(preludes)), List.of(), main, tag, effects);
    }

    /**
     * rift's statements for the DDL as one DO block: in the extended protocol hidden statements are all parsed
     * before any runs, and these name objects the ones before them make.
     */
    private static String asOneStatement(List<String> statements) {
        StringBuilder b = new StringBuilder("DO $rift_ddl$BEGIN\n");
        for (String sql : statements) {
            b.append("EXECUTE ").append(Quote.literal(sql)).append(";\n");
        }
        return b.append("END$rift_ddl$").toString();
    }

    /** Where PostgreSQL puts an unqualified new object: the first schema of the path the branch has an own schema for. */
    private static String creationSchema(Resolver resolver) {
        for (String s : resolver.searchPath()) {
            if (resolver.state().divergence().ownSchemas().containsKey(s)) {
                return s;
            }
        }
        return null;
    }

    private static String schemaOf(NameChain name, Resolver resolver) {
        return resolver.resolve(name.parts()).map(TableId::schema).orElse(creationSchema(resolver));
    }

    /** The statement with every qualified name of an own relation pointed at the own schema. */
    private String pointedAtOwnSchemas(Resolver resolver) {
        Splicer s = new Splicer(t.sql);
        Map<String, String> own = resolver.state().divergence().ownSchemas();
        for (int i = 0; i < t.size(); i++) {
            NameChain name = NameChain.at(t, i);
            if (name == null) {
                continue;
            }
            i = name.last();
            List<String> p = name.parts();
            if (bodyStart >= 0 && name.first() >= bodyStart) {
                break; // the query is rewritten as a query
            }
            if (!name.decodable() || p.size() < 2 || !own.containsKey(p.get(0)) || t.is(name.first() - 1, Kind.DOT)) {
                continue;
            }
            TableId id = new TableId(p.get(0), p.get(1));
            boolean isCreated = creates.stream().anyMatch(c -> c.first() == name.first());
            Optional<TableId> resolved;
            try {
                resolved = resolver.resolve(p.subList(0, 2));
            } catch (Refusal gone) {
                resolved = Optional.empty();
            }
            if (isCreated || resolved.isPresent() && resolver.isOwn(resolved.get())) {
                s.replace(t.beginOf(name.first()), t.endOf(name.first()), Quote.ident(own.get(id.schema())));
            }
        }
        for (NameChain target : targets) {
            boolean column = t.is(1, "on") && t.is(2, "column");
            int tableParts = target.parts().size() - (column ? 1 : 0);
            if (tableParts != 1) {
                continue; // qualified: pointed at the own schema above when the relation is own
            }
            String name = target.parts().get(0);
            Optional<TableId> id;
            try {
                id = resolver.resolve(List.of(name));
            } catch (Refusal gone) {
                id = Optional.empty();
            }
            String schema = id.isPresent() && resolver.isOwn(id.get()) ? id.get().schema()
                    : id.isEmpty() ? creationSchema(resolver) : null;
            if (schema == null || !own.containsKey(schema)) {
                throw Refusal.unsupported(what + " would act on the upstream's " + name);
            }
            s.replace(t.beginOf(target.first()), t.beginOf(target.first()), Quote.ident(own.get(schema)) + ".");
        }
        return s.isEmpty() ? t.sql : s.render();
    }
}
