package dev.rift.router.sql;

import dev.rift.cow.MaterializationPlan;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.rift.cow.BranchState;
import dev.rift.cow.SchemaDivergence;
import dev.rift.cow.Overlay;
import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.TypeCopyPlan;
import dev.rift.cow.TypeName;
import dev.rift.cow.WriteTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for one client query string on an overlay branch, what goes upstream: the original bytes, a rewritten
 * sequence of statements (reads pointed at the branch's relations, writes at its top layer, with hidden preludes
 * that copy rows up), or a refusal (SQLSTATE 0A000 naming the construct) when rift cannot prove it handles the
 * statement. See docs/overlay.md, "What the router does".
 *
 * <p>A string is decided as a whole: every statement is analysed, the layer tables and sequence copies its writes
 * need are created (this blocks on JDBC: call {@link #decide} off the event loop), and only then is each
 * statement rendered against the branch state that follows, so a read after a write in the same string sees the
 * write's table. If any statement is refused, nothing runs. Thread-safe; holds no per-session state.
 */
public final class StatementRouter {
    private static final Logger log = LoggerFactory.getLogger(StatementRouter.class);

    private final StatementParser parser = new StatementParser();

    /** A decision and the branch state version it was made against (the cache key it is valid for). */
    record Routed(Decision decision, long version, boolean cacheable) {}

    public Decision decide(String sql, SessionView session) {
        return route(sql, session).decision();
    }

    /** How many statements JSqlParser has parsed for this router (metrics; tests of the cache). */
    public long parseCount() {
        return parser.parseCount();
    }

    Routed route(String sql, SessionView session) {
        BranchState state = session.state();
        StatementSplitter.Split split = StatementSplitter.split(sql);
        if (split.isEmpty() || split.unterminated()
                || session.extendedProtocol() && split.statements().size() > 1) {
            // PostgreSQL answers these itself (EmptyQueryResponse, a syntax error, "cannot insert multiple
            // commands into a prepared statement") without running anything.
            return new Routed(Decision.PassThrough.plain(), state.version(), true);
        }
        List<String> statements = split.statements();
        Overlay overlay = session.overlay();
        Optional<String> definer = DefinerCalls.find(statements, overlay.catalog().definerFunctions());
        if (definer.isPresent()) {
            Refusal r = DefinerCalls.refusal(definer.get());
            return new Routed(new Decision.Refused(r.sqlState(), r.getMessage()), state.version(), true);
        }
        if (statements.stream().anyMatch(StatementRouter::isDdl)) {
            overlay.catalog().refresh(); // DDL is analysed against the upstream as it is now, not as cached
            try {
                // The own schemas exist before anything could be created, so nothing lands in an upstream schema.
                List<String> schemas = new ArrayList<>();
                for (String s : session.searchPath()) {
                    schemas.add(s.equals("$user") ? session.user() : s);
                }
                schemas.remove("pg_catalog");
                overlay.prepareOwnSchemas(session.branch(), schemas);
                state = session.freshState();
            } catch (OverlayException e) {
                return new Routed(new Decision.Refused(e.sqlState(), e.getMessage()), state.version(), false);
            }
        }
        Resolver resolver = new Resolver(overlay.catalog(), session.searchPath(), session.user(), state);
        resolver.viewExpander(new ViewExpansion(parser, resolver, session)::expand);

        List<StatementPlan> plans = new ArrayList<>();
        DdlEffects creations = DdlEffects.NONE;
        List<List<String>> paths = new ArrayList<>();
        List<String> path = session.searchPath();
        Optional<SearchPathChange> lastChange = Optional.empty();
        for (int i = 0; i < statements.size(); i++) {
            paths.add(path);
            try {
                StatementPlan plan = StatementKinds.plan(statements.get(i), parser, resolver,
                        session.defaultSearchPath(), session.shapes());
                plans.add(plan);
                if (plan instanceof DdlStatement d && i < statements.size() - 1) {
                    // Later statements of the string see what it creates, as they will when they run.
                    creations = creations.then(d.creations(resolver));
                    resolver.useState(PendingState.of(state, creations));
                }
                if (plan.searchPathChange().isPresent()) {
                    lastChange = plan.searchPathChange();
                    path = lastChange.get().path();
                    resolver.useSearchPath(path, session.user());
                }
            } catch (Refusal r) {
                return new Routed(refused(r, i, statements.size()), state.version(), true);
            }
        }

        boolean ddl = plans.stream().anyMatch(StatementPlan::isDdl);
        for (int i = 0; i < plans.size() - 1; i++) {
            if (plans.get(i) instanceof DdlStatement d && d.changesUpstreamRelations()) {
                // Later statements were analysed against the schema before it: send such DDL on its own.
                return new Routed(refused(Refusal.unsupported("DDL that changes or drops an upstream table must be"
                        + " sent as a query of its own on overlay branches"), i, statements.size()),
                        state.version(), false);
            }
        }
        Optional<MaterializationPlan> materialization = Optional.empty();
        Map<TableId, WriteTarget> targets = new LinkedHashMap<>();
        Map<TableId, String> sequences = new LinkedHashMap<>();
        Map<String, String> sessionRoles = new LinkedHashMap<>();
        boolean codePrepared = false;
        boolean runsCode = false;
        boolean held = false;
        try {
            if (ddl) {
                // The own schemas exist before anything could be created, so nothing lands in an upstream schema.
                Set<String> schemas = new LinkedHashSet<>(resolver.searchPath());
                Set<TableId> toMaterialize = new LinkedHashSet<>();
                Set<TableId> sequencesToMaterialize = new LinkedHashSet<>();
                List<TypeName> typesToCopy = new ArrayList<>();
                for (StatementPlan plan : plans) {
                    schemas.addAll(plan.schemasToPrepare());
                    toMaterialize.addAll(plan.tablesToMaterialize());
                    sequencesToMaterialize.addAll(plan.sequencesToMaterialize());
                    typesToCopy.addAll(plan.typesToCopy());
                }
                schemas.remove("pg_catalog");
                for (StatementPlan plan : plans) {
                    plan.schemasToCreate().forEach(s -> overlay.createBranchSchema(session.branch(), s,
                            session.user()));
                    plan.granteesToPrepare().forEach(role -> sessionRoles.put(role,
                            overlay.sessionRole(session.branch(), role)));
                }
                overlay.prepareOwnSchemas(session.branch(), List.copyOf(schemas));
                TypeCopyPlan types = typesToCopy.isEmpty() ? TypeCopyPlan.NONE
                        : overlay.copyTypes(session.branch(), typesToCopy);
                types.tables().stream().filter(id -> !resolver.isOwnRelation(id)).forEach(toMaterialize::add);
                if (!toMaterialize.isEmpty() || !sequencesToMaterialize.isEmpty()) {
                    materialization = Optional.of(overlay.materialize(session.branch(), toMaterialize,
                            sequencesToMaterialize));
                }
                if (!typesToCopy.isEmpty()) {
                    materialization = Optional.of(types.around(materialization));
                }
            }
            for (StatementPlan plan : plans) {
                for (TableId table : plan.tablesToWrite()) {
                    if (!targets.containsKey(table)) {
                        targets.put(table, resolver.isOwnRelation(table) ? ownTarget(table, resolver)
                                : overlay.prepareWrite(session.branch(), table));
                    }
                }
                for (TableId sequence : plan.sequencesToUse()) {
                    if (!sequences.containsKey(sequence)) {
                        sequences.put(sequence, overlay.prepareSequence(session.branch(), sequence));
                    }
                }
            }
            held = holdRowSecurityReads(statements, resolver, session, targets.keySet());
            Set<TableId> code = CodeCalls.reached(statements, plans, overlay.catalog().code());
            runsCode = !code.isEmpty()
                    || CodeCalls.runsOwnCode(statements, plans, state.divergence().ownFunctions(), resolver);
            codePrepared = CodeCalls.prepare(code, session, targets.keySet());
        } catch (OverlayException e) {
            log.debug("branch {}: the engine refused: {}", session.branch(), e.getMessage());
            return new Routed(new Decision.Refused(e.sqlState(), e.getMessage()), state.version(), false);
        }
        if (ddl || !targets.isEmpty() || !sequences.isEmpty() || codePrepared || held) {
            state = session.freshState();
            resolver.useState(PendingState.of(state, creations));
        }

        RenderContext context = new RenderContext(resolver, targets, sequences, session.shapes(), session.branch(),
                materialization, sessionRoles);
        List<Rendering> renderings = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            resolver.useSearchPath(paths.get(i), session.user());
            try {
                renderings.add(plans.get(i).render(context));
            } catch (Refusal r) {
                return new Routed(refused(r, i, statements.size()), state.version(), !ddl);
            }
        }
        // Code in the database finds the branch's tables by name through the name views, for this transaction only.
        String codePath = runsCode ? PhysicalSearchPath.forCode(state, session.searchPath(), session.user()) : null;
        return new Routed(combine(statements, renderings, lastChange, codePath, state.divergence()), state.version(),
                !ddl);
    }

    /**
     * Holds whole the row-security tables the string reads that its client's policies would filter wrongly upstream
     * ({@link RowSecurityReads}); returns whether any was held. A table the branch cannot hold (one with rules, say)
     * is read upstream as before: fail closed, fewer rows rather than more.
     */
    private static boolean holdRowSecurityReads(List<String> statements, Resolver resolver, SessionView session,
                                                Set<TableId> written) {
        boolean held = false;
        for (TableId table : RowSecurityReads.toHold(statements, resolver, session.overlay().catalog())) {
            if (written.contains(table)) {
                continue;
            }
            try {
                session.overlay().prepareWrite(session.branch(), table);
                held = true;
            } catch (OverlayException e) {
                log.debug("branch {}: {} is read upstream: {}", session.branch(), table, e.getMessage());
            }
        }
        return held;
    }

    private static boolean isDdl(String statement) {
        String head = statement.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return head.startsWith("create") || head.startsWith("alter") || head.startsWith("drop")
                || head.startsWith("comment");
    }

    /** A relation the branch made itself is written directly, like a table held as a copy. */
    private static WriteTarget ownTarget(TableId table, Resolver resolver) {
        String relation = resolver.ownRelation(table);
        return new WriteTarget(table, relation, Optional.empty(), relation, List.of(), "");
    }

    private static Decision refused(Refusal r, int index, int count) {
        String message = count > 1 ? "statement " + (index + 1) + " of " + count + ": " + r.getMessage()
                : r.getMessage();
        return new Decision.Refused(r.sqlState(), message);
    }

    private static Decision combine(List<String> statements, List<Rendering> renderings,
                                    Optional<SearchPathChange> change, String codePath,
                                    SchemaDivergence divergence) {
        // Catalog references go to the catalog the branch shows (docs/ddl.md), whatever else happened to the text.
        List<String> redirected = new ArrayList<>();
        boolean anyRedirected = false;
        for (int i = 0; i < renderings.size(); i++) {
            Rendering r = renderings.get(i);
            String text = CatalogReferences.redirect(r.changed() ? r.main() : statements.get(i));
            String named = RegCasts.redirect(text != null ? text : r.changed() ? r.main() : statements.get(i));
            text = named != null ? named : text;
            String called = OwnRoutineCalls.redirect(text != null ? text : r.changed() ? r.main() : statements.get(i),
                    divergence);
            text = called != null ? called : text;
            redirected.add(text);
            anyRedirected |= text != null;
        }
        if (!anyRedirected && renderings.stream().noneMatch(Rendering::changed) && codePath == null) {
            return new Decision.PassThrough(change);
        }
        List<Decision.Part> parts = new ArrayList<>();
        if (codePath != null) {
            parts.add(Decision.Part.hidden(codePath));
        }
        for (int i = 0; i < renderings.size(); i++) {
            Rendering r = renderings.get(i);
            String main = redirected.get(i) != null ? redirected.get(i) : r.changed() ? r.main() : statements.get(i);
            if (!r.changed()) {
                parts.add(Decision.Part.visible(statementText(main)));
                continue;
            }
            for (int k = 0; k < r.preludes().size(); k++) {
                String p = r.preludes().get(k);
                parts.add(k == 0 && r.recordsDdl() ? Decision.Part.ddlRecord(p) : Decision.Part.hidden(p));
            }
            r.mainHidden().forEach(p -> parts.add(Decision.Part.hidden(p)));
            parts.add(new Decision.Part(statementText(main), false, r.tagOverride()));
        }
        DdlEffects effects = DdlEffects.NONE;
        for (Rendering r : renderings) {
            effects = effects.then(r.effects());
        }
        return new Decision.Rewritten(parts, change, effects);
    }

    /**
     * A statement's text without surrounding whitespace and without a trailing comment, so the session may send
     * parts one after another in one query string ({@code "a; b"}) without a {@code --} comment eating the rest.
     */
    static String statementText(String sql) {
        List<Token> tokens = SqlLexer.lex(sql);
        if (tokens.isEmpty()) {
            return sql.strip();
        }
        return sql.substring(0, tokens.get(tokens.size() - 1).end()).strip();
    }
}
