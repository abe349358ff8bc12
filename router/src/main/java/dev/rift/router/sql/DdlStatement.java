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
    private int bodyEnd = -1;

    private final TableShapes shapes;
    private final Set<TableId> sequences = new LinkedHashSet<>();
    /** Tokens to leave out: CONCURRENTLY (it cannot run in the transaction rift's bookkeeping shares). */
    private final List<Integer> dropped = new ArrayList<>();
    /** A CREATE ... IF NOT EXISTS of a name the branch has: PostgreSQL's notice instead of the statement. */
    private String skipNotice;
    /** Upstream views a DROP ... CASCADE takes with it. */
    private final Set<TableId> cascadeHides = new LinkedHashSet<>();
    /** An upstream view CREATE OR REPLACE VIEW replaces: hidden, and the branch's own view made. */
    private TableId replacedView;
    private boolean cascade;

    private DdlStatement(Tokens t, Resolver resolver, StatementParser parser, TableShapes shapes) {
        this.shapes = shapes;
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
                    bodyEnd = checkOption();
                    body = new QueryStatement(t.sql.substring(t.beginOf(bodyStart),
                            bodyEnd < 0 ? t.sql.length() : t.beginOf(bodyEnd)), parser, resolver, false);
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
        for (int i = 0; i + 2 < t.size(); i++) {
            // A default that takes values from an upstream sequence would advance it: the branch gets its own.
            if (t.get(i).kind() == Kind.IDENT && t.get(i).value().matches("nextval|setval|currval")
                    && t.is(i + 1, Kind.LPAREN) && t.is(i + 2, Kind.STRING) && t.get(i + 2).value() != null) {
                List<String> parts = NameChain.ofRegclassText(t.get(i + 2).value());
                Optional<TableId> id = parts == null ? Optional.empty() : resolver.resolve(parts);
                if (id.isPresent() && !resolver.isOwn(id.get()) && resolver.kind(id.get()) == RelationKind.SEQUENCE) {
                    sequences.add(id.get());
                }
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

    static StatementPlan of(Tokens t, Resolver resolver, StatementParser parser, TableShapes shapes) {
        return new DdlStatement(t, resolver, parser, shapes);
    }

    /** The WITH of a trailing {@code WITH [CASCADED | LOCAL] CHECK OPTION}, or -1. */
    private int checkOption() {
        int n = t.size();
        int end = t.is(n - 1, Kind.SEMICOLON) ? n - 1 : n;
        if (end >= 3 && t.is(end - 1, "option") && t.is(end - 2, "check")) {
            int with = t.is(end - 3, "with") ? end - 3 : end - 4;
            return t.is(with, "with") ? with : -1;
        }
        return -1;
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
                boolean ifNotExists = skipIfNotExists(k) != k;
                k = skipIfNotExists(k);
                NameChain name = requireName(k);
                creates.add(name);
                if (!object.equals("type")) {
                    Optional<String> schema = name.parts().size() > 1
                            ? Optional.of(name.parts().get(name.parts().size() - 2)) : resolver.creationSchema();
                    Optional<TableId> existing = schema.map(s -> new TableId(s, name.lastPart()))
                            .filter(resolver::exists);
                    boolean replace = t.is(1, "or") && t.is(2, "replace");
                    boolean own = existing.isPresent()
                            && resolver.state().divergence().ownRelations().containsKey(existing.get());
                    if (replace && existing.isPresent() && !own && object.equals("view")
                            && resolver.kind(existing.get()) == RelationKind.VIEW) {
                        replacedView = existing.get(); // the branch's own view takes the upstream one's place
                    } else if (existing.isPresent() && !(replace && own)) {
                        if (replace) {
                            throw Refusal.unsupported("CREATE OR REPLACE VIEW of the upstream's " + existing.get()
                                    + ", which is not a view, is not supported on overlay branches yet");
                        }
                        String message = "relation \"" + name.lastPart() + "\" already exists";
                        if (!ifNotExists) {
                            throw new Refusal("42P07", message);
                        }
                        skipNotice = message + ", skipping";
                    }
                }
                if (object.equals("table") && (t.find(k, t.size(), 0, "partition") > 0
                        || t.find(k, t.size(), 0, "inherits") > 0)) {
                    throw Refusal.unsupported("partitioned and inheriting tables are not supported on overlay"
                            + " branches yet");
                }
                if (object.equals("view")) {
                    // The view must read the branch's rows, now and after later writes and DDL: every upstream
                    // table it names becomes the branch's own, so the view is bound to a table that stays.
                    for (int i = name.last() + 1; i < t.size(); i++) {
                        NameChain n = NameChain.at(t, i);
                        if (n == null) {
                            continue;
                        }
                        upstreamTable(n, resolver).ifPresent(materialize::add);
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
                    dropped.add(k);
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
                    Optional<TableId> table = resolver.resolve(name.parts());
                    if (table.isPresent()) {
                        if (resolver.exists(new TableId(table.get().schema(), renamedTo))) {
                            throw new Refusal("42P07", "relation \"" + renamedTo + "\" already exists");
                        }
                    }
                }
            }
            case "index", "sequence", "view" -> mustNotBeUpstream(name, resolver, object);
            case "type" -> mustBeOwnType(name, resolver);
            default -> throw refused();
        }
    }

    /** Types are not relations rift tracks: only a type the branch made (in its own schema) may change. */
    private void mustBeOwnType(NameChain name, Resolver resolver) {
        Set<TableId> types = resolver.state().divergence().ownTypes();
        List<String> schemas = name.parts().size() > 1 ? List.of(name.parts().get(0)) : resolver.searchPath();
        if (schemas.stream().noneMatch(s -> types.contains(new TableId(s, name.lastPart())))) {
            throw Refusal.unsupported(what + " of a type the branch did not create (" + name.lastPart()
                    + ") is not supported on overlay branches yet");
        }
    }

    private void analyseDrop(Resolver resolver) {
        String object = t.is(1, Kind.IDENT) ? t.get(1).value() : "";
        if (object.equals("type")) {
            int k = t.is(2, "if") && t.is(3, "exists") ? 4 : 2;
            mustBeOwnType(requireName(k), resolver);
            targets.add(NameChain.at(t, k));
            return;
        }
        if (!Set.of("table", "view", "sequence", "index").contains(object)) {
            throw refused();
        }
        int k = 2;
        if (t.is(k, "concurrently")) {
            dropped.add(k);
            k++;
        }
        boolean ifExists = t.is(k, "if") && t.is(k + 1, "exists");
        if (ifExists) {
            k += 2;
        }
        List<TableId> upstream = new ArrayList<>();
        while (true) {
            NameChain name = requireName(k);
            Optional<TableId> id;
            try {
                id = resolver.resolve(name.parts());
            } catch (Refusal gone) {
                id = Optional.empty(); // dropped on the branch already: PostgreSQL's own answer on the own schema
            }
            if (id.isEmpty() || resolver.isOwn(id.get())) {
                targets.add(name);
                id.ifPresent(dropsOwn::add);
            } else {
                RelationKind kind = resolver.kind(id.get());
                if (kind == RelationKind.TABLE && !object.equals("table")
                        || kind == RelationKind.VIEW && !object.equals("view")
                        || kind == RelationKind.SEQUENCE && !object.equals("sequence")
                        || kind == RelationKind.INDEX && !object.equals("index")) {
                    throw new Refusal("42809", "\"" + id.get().name() + "\" is not a" + (object.equals("index")
                            ? "n index" : " " + object));
                }
                upstream.add(id.get());
                targets.add(name);
            }
            k = name.last() + 1;
            if (!t.is(k, Kind.COMMA)) {
                break;
            }
            k++;
        }
        cascade = t.is(k, "cascade");
        for (TableId id : upstream) {
            List<TableId> views = resolver.dependentViews(id);
            if (!views.isEmpty() && !cascade) {
                // PostgreSQL's answer on a copy: the upstream's views over it still stand on the branch.
                throw new Refusal("2BP01", "cannot drop " + object + " " + id.name() + " because other objects"
                        + " depend on it");
            }
            cascadeHides.addAll(views);
        }
        for (TableId id : upstream) {
            RelationKind kind = resolver.kind(id);
            if (kind == RelationKind.INDEX) {
                // The index goes with its table's own copy: PostgreSQL drops it there.
                resolver.indexTable(id).ifPresent(materialize::add);
            } else if (kind == RelationKind.TABLE && (cascade || shapes.linkedByForeignKeys(id))) {
                materialize.add(id); // foreign keys decide what the drop may do: PostgreSQL decides, on own copies
            } else {
                hides.add(id);
            }
        }
        if (!hides.isEmpty() && targets.size() != hides.size()) {
            throw Refusal.unsupported("dropping upstream relations together with others in one statement is not"
                    + " supported on overlay branches yet");
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

    /** The relations the statement creates, for the later statements of its query string. */
    DdlEffects creations(Resolver resolver) {
        Map<TableId, RelationKind> created = new HashMap<>();
        if (createdKind != null && skipNotice == null) {
            for (NameChain name : creates) {
                Optional<String> schema = name.parts().size() > 1
                        ? Optional.of(name.parts().get(name.parts().size() - 2)) : resolver.creationSchema();
                schema.ifPresent(s -> created.put(new TableId(s, name.lastPart()), createdKind));
                if (createdKind == RelationKind.TABLE && bodyStart < 0) {
                    schema.ifPresent(s -> ImplicitSequences.of(t, name.lastPart())
                            .forEach(seq -> created.put(new TableId(s, seq), RelationKind.SEQUENCE)));
                }
            }
        }
        return new DdlEffects(created, Set.of(), Set.of());
    }

    /** Whether the statement materializes or hides upstream relations (then it must run alone). */
    boolean changesUpstreamRelations() {
        return !materialize.isEmpty() || !hides.isEmpty() || !sequences.isEmpty() || replacedView != null
                || !cascadeHides.isEmpty();
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
    public Set<TableId> sequencesToMaterialize() {
        return sequences;
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
            for (TableId id : plan.get().sequences()) {
                created.put(id, RelationKind.SEQUENCE);
                hidden.add(id);
            }
        }
        for (TableId id : hides) {
            preludes.add("SELECT rift.hide(" + layer + ", " + Quote.literal(id.sql()) + "::regclass)");
            hidden.add(id);
        }
        for (TableId id : cascadeHides) {
            preludes.add("SELECT rift.hide(" + layer + ", " + Quote.literal(id.sql()) + "::regclass)");
            hidden.add(id);
        }
        if (replacedView != null) {
            preludes.add("SELECT rift.hide(" + layer + ", " + Quote.literal(replacedView.sql()) + "::regclass)");
            hidden.add(replacedView);
        }
        removed.addAll(dropsOwn);
        for (NameChain name : creates) {
            String schema = name.parts().size() >= 2 ? name.parts().get(name.parts().size() - 2)
                    : creationSchema(resolver);
            if (schema != null && createdKind != null) {
                created.put(new TableId(schema, name.lastPart()), createdKind);
                if (createdKind == RelationKind.TABLE && bodyStart < 0) {
                    ImplicitSequences.of(t, name.lastPart())
                            .forEach(seq -> created.put(new TableId(schema, seq), RelationKind.SEQUENCE));
                }
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
        if (skipNotice != null) {
            main = "DO $rift$BEGIN RAISE NOTICE USING ERRCODE = '42P07', MESSAGE = " + Quote.literal(skipNotice)
                    + "; END$rift$";
        }
        if (body != null) {
            Rendering query = body.render(context);
            if (query.changed()) {
                preludes.addAll(query.preludes());
                String head = new Tokens(main).sql;
                int tail = bodyEnd < 0 ? 0 : t.sql.length() - t.beginOf(bodyEnd);
                int cut = head.length() - (t.sql.length() - t.beginOf(bodyStart));
                main = head.substring(0, cut) + query.main() + " " + head.substring(head.length() - tail);
            }
        }
        Optional<String> tag = !hides.isEmpty() ? Optional.of("DROP " + t.get(1).value().toUpperCase(Locale.ROOT))
                : skipNotice != null ? Optional.of(createTag()) : Optional.empty();
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

    private String createTag() {
        int k = 1;
        while (t.is(k, Kind.IDENT) && !Set.of("table", "view", "sequence").contains(t.get(k).value())) {
            k++;
        }
        return "CREATE " + (t.is(k, Kind.IDENT) ? t.get(k).value().toUpperCase(Locale.ROOT) : "TABLE");
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
        for (int k : dropped) {
            s.replace(t.beginOf(k), t.endOf(k), "");
        }
        for (NameChain created : creates) {
            if (created.parts().size() == 1 && !t.is(created.first() - 1, Kind.DOT)) {
                // Never left to the search_path: a lost setting must not put the object in an upstream schema.
                String schema = creationSchema(resolver);
                if (schema == null || !own.containsKey(schema)) {
                    throw Refusal.unsupported("rift has no schema of this branch to create " + created.lastPart()
                            + " in (the search_path names no schema that exists upstream)");
                }
                s.replace(t.beginOf(created.first()), t.beginOf(created.first()), Quote.ident(own.get(schema)) + ".");
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
            if (id.isPresent() && resolver.kind(id.get()) == RelationKind.INDEX
                    && resolver.indexTable(id.get()).filter(materialize::contains).isPresent()) {
                schema = id.get().schema(); // the own copy of its table has an index of the same name
            }
            if (schema == null || !own.containsKey(schema)) {
                throw Refusal.unsupported(what + " would act on the upstream's " + name);
            }
            s.replace(t.beginOf(target.first()), t.beginOf(target.first()), Quote.ident(own.get(schema)) + ".");
        }
        return s.isEmpty() ? t.sql : s.render();
    }
}
