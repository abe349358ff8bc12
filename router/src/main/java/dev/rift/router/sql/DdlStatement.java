package dev.rift.router.sql;

import dev.rift.cow.MaterializationPlan;
import dev.rift.cow.Quote;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.cow.TypeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DDL on an overlay branch (docs/ddl.md): objects are made in the branch's own schema (unqualified names land there
 * through the session's search_path; qualified ones are pointed there), upstream tables the DDL would change are
 * materialized first, dropped upstream relations are hidden, and the statement is logged; all of it in the client's
 * transaction. Anything that would reach an upstream object is refused. What the statement does is read by its
 * {@link DdlCommand}; this plan turns that into what is sent.
 */
final class DdlStatement implements StatementPlan {
    private final Tokens t;
    private final String what;
    private final DdlAnalysis analysis;

    private DdlStatement(Tokens t, Resolver resolver, StatementParser parser, TableShapes shapes) {
        this.t = t;
        this.what = StatementKinds.ddlName(t);
        DdlCommand command = DdlCommand.parse(t, what);
        DdlAnalysis.Builder builder = new DdlAnalysis.Builder(t, what, resolver, parser, shapes);
        command.analyse(builder);
        this.analysis = builder.build(command.names());
    }

    static StatementPlan of(Tokens t, Resolver resolver, StatementParser parser, TableShapes shapes) {
        return new DdlStatement(t, resolver, parser, shapes);
    }

    /** The relations the statement creates, for the later statements of its query string. */
    DdlEffects creations(Resolver resolver) {
        Map<TableId, RelationKind> created = analysis.skip().isPresent() ? Map.of()
                : created(resolver.creationSchema());
        return new DdlEffects(created, Set.of(), Set.of());
    }

    /** Whether the statement materializes or hides upstream relations (then it must run alone). */
    boolean changesUpstreamRelations() {
        return analysis.changesUpstreamRelations();
    }

    @Override
    public boolean isDdl() {
        return !analysis.passThrough();
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return analysis.read();
    }

    @Override
    public Set<TableId> tablesToMaterialize() {
        return analysis.materialize();
    }

    @Override
    public List<TypeName> typesToCopy() {
        return analysis.typeCopies();
    }

    @Override
    public Set<TableId> sequencesToMaterialize() {
        return analysis.sequences();
    }

    @Override
    public Set<String> granteesToPrepare() {
        return analysis.grant().map(g -> Set.copyOf(g.grantees().values())).orElse(Set.of());
    }

    @Override
    public Set<String> schemasToCreate() {
        return analysis.createdSchema().map(Set::of).orElse(Set.of());
    }

    @Override
    public Set<String> schemasToPrepare() {
        return analysis.schemas();
    }

    @Override
    public Rendering render(RenderContext context) {
        if (analysis.passThrough()) {
            return Rendering.passThrough();
        }
        Resolver resolver = context.resolver();
        Optional<String> creationSchema = resolver.creationSchema();
        Map<TableId, RelationKind> created = new HashMap<>();
        Set<TableId> removed = new HashSet<>(analysis.dropsOwn());
        Set<TableId> hidden = new HashSet<>();
        List<String> materializing = List.of();
        Optional<MaterializationPlan> plan = context.materialization();
        if (plan.isPresent()) {
            materializing = plan.get().statements();
            plan.get().tables().forEach(id -> created.put(id, RelationKind.TABLE));
            plan.get().sequences().forEach(id -> created.put(id, RelationKind.SEQUENCE));
            plan.get().views().forEach(id -> created.put(id, RelationKind.VIEW));
            hidden.addAll(plan.get().tables());
            hidden.addAll(plan.get().sequences());
            hidden.addAll(plan.get().views());
        }
        List<TableId> hides = new ArrayList<>(analysis.droppedUpstream());
        hides.addAll(analysis.alsoHidden());
        hidden.addAll(hides);
        created.putAll(created(creationSchema));
        analysis.rename().ifPresent(rename -> {
            NameChain name = rename.from();
            TableId from = new TableId(name.parts().size() >= 2 ? name.parts().get(name.parts().size() - 2)
                    : resolver.resolve(name.parts()).map(TableId::schema).orElse(creationSchema.orElse(null)),
                    name.lastPart());
            removed.add(from);
            created.remove(from);
            created.put(new TableId(from.schema(), rename.to()), RelationKind.TABLE);
        });
        DdlEffects effects = new DdlEffects(created, removed, hidden);
        resolver.useState(PendingState.of(resolver.state(), effects));
        DdlBlock block = DdlBlock.logging(resolver.state().stack().get(0), context.branch(), t.sql.strip())
                .then(analysis.guards()).then(materializing).hiding(hides);
        boolean sendsNothing = !analysis.droppedUpstream().isEmpty() || analysis.sentInstead().isPresent();
        String main = !analysis.droppedUpstream().isEmpty() ? "DO $rift$BEGIN END$rift$"
                : analysis.sentInstead().orElseGet(() -> pointedAtOwnSchemas(resolver, creationSchema));
        if (analysis.grant().isPresent()) {
            main = analysis.grant().get().render(t, context.sessionRoles());
        }
        if (analysis.skip().isPresent()) {
            main = "DO $rift$BEGIN RAISE NOTICE USING ERRCODE = '" + analysis.skip().get().sqlState() + "', MESSAGE = "
                    + Quote.literal(analysis.skip().get().notice()) + "; END$rift$";
        }
        if (analysis.query().isPresent()) {
            DdlAnalysis.Query body = analysis.query().get();
            Rendering query = body.plan().render(context);
            if (query.changed()) {
                block = block.then(query.preludes());
                String head = new Tokens(main).sql;
                int tail = body.end() < 0 ? 0 : t.sql.length() - t.beginOf(body.end());
                int cut = head.length() - (t.sql.length() - t.beginOf(body.start()));
                main = head.substring(0, cut) + query.main() + " " + head.substring(head.length() - tail);
            }
        }
        Optional<String> tag = sendsNothing
                ? Optional.of(what)
                : analysis.skip().map(DdlAnalysis.Skip::tag);
        return Rendering.ddl(block.sql(), main, tag, effects);
    }

    /** The relations the statement makes: its names in their schema, and a new table's implicit sequences. */
    private Map<TableId, RelationKind> created(Optional<String> creationSchema) {
        Map<TableId, RelationKind> created = new HashMap<>();
        RelationKind kind = analysis.createdKind().orElse(null);
        if (kind == null) {
            return created;
        }
        for (NameChain name : analysis.creates()) {
            Optional<String> schema = name.parts().size() > 1
                    ? Optional.of(name.parts().get(name.parts().size() - 2)) : creationSchema;
            schema.ifPresent(s -> {
                created.put(new TableId(s, name.lastPart()), kind);
                if (kind == RelationKind.TABLE && analysis.query().isEmpty()) {
                    ImplicitSequences.of(t, name.lastPart())
                            .forEach(seq -> created.put(new TableId(s, seq), RelationKind.SEQUENCE));
                }
            });
        }
        return created;
    }

    /** The statement with every qualified name of an own relation pointed at the own schema. */
    private String pointedAtOwnSchemas(Resolver resolver, Optional<String> creationSchema) {
        Splicer s = new Splicer(t.sql);
        Map<String, String> own = resolver.state().divergence().ownSchemas();
        int queryStart = analysis.query().map(DdlAnalysis.Query::start).orElse(-1);
        for (int i = 0; i < t.size(); i++) {
            NameChain name = NameChain.at(t, i);
            if (name == null) {
                continue;
            }
            i = name.last();
            List<String> p = name.parts();
            if (queryStart >= 0 && name.first() >= queryStart) {
                break; // the query is rewritten as a query
            }
            if (!name.decodable() || p.size() < 2 || !own.containsKey(p.get(0)) || t.is(name.first() - 1,
                    Token.Kind.DOT)) {
                continue;
            }
            boolean isCreated = analysis.creates().stream().anyMatch(c -> c.first() == name.first());
            Optional<TableId> resolved = DdlNames.resolveUnlessGone(resolver, p.subList(0, 2));
            if (isCreated || resolved.isPresent() && resolver.isOwn(resolved.get())) {
                s.replace(t.beginOf(name.first()), t.endOf(name.first()), Quote.ident(own.get(p.get(0))));
            }
        }
        for (int k : analysis.omitted()) {
            s.replace(t.beginOf(k), t.endOf(k), "");
        }
        for (NameChain created : analysis.creates()) {
            if (created.parts().size() == 1 && !t.is(created.first() - 1, Token.Kind.DOT)) {
                // Never left to the search_path: a lost setting must not put the object in an upstream schema.
                String schema = creationSchema.filter(own::containsKey).orElseThrow(() -> Refusal.unsupported(
                        "rift has no schema of this branch to create " + created.lastPart()
                                + " in (the search_path names no schema that exists upstream)"));
                s.replace(t.beginOf(created.first()), t.beginOf(created.first()), Quote.ident(own.get(schema)) + ".");
            }
        }
        for (NameChain target : analysis.targets()) {
            if (target.parts().size() != 1) {
                continue; // qualified: pointed at the own schema above when the relation is own
            }
            String name = target.parts().get(0);
            Optional<TableId> id = DdlNames.resolveUnlessGone(resolver, List.of(name));
            String schema = id.isPresent() && resolver.isOwn(id.get()) ? id.get().schema()
                    : id.isEmpty() ? creationSchema.orElse(null) : null;
            if (id.isPresent() && resolver.kind(id.get()) == RelationKind.INDEX
                    && resolver.indexTable(id.get()).filter(analysis.materialize()::contains).isPresent()) {
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
