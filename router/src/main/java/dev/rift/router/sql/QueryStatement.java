package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A query or a write (SELECT, VALUES, TABLE, WITH ..., INSERT, UPDATE, DELETE): table references become the
 * branch's relations, write targets the layer's tables, with preludes where rows must be copied up first.
 *
 * <p>Reads that mention nothing the branch changed (by their names alone, before any parsing) pass through
 * unparsed. Everything else is parsed by JSqlParser; its table references are checked against an independent
 * scan of the tokens ({@link RelationMentions}) so a reference the parse tree missed cannot slip through.
 */
final class QueryStatement implements StatementPlan {
    private final Tokens t;
    private final StatementParser parser;
    private final boolean explainOnly;
    private final SequenceCalls sequences;
    private final BranchCalls calls;
    private Statement ast;
    private List<TableRef> refs;
    private CteScopes ctes;
    private final List<WriteSite> sites = new ArrayList<>();
    private final Set<Table> targets = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param explainOnly the statement is EXPLAINed, not run: no preludes
     */
    QueryStatement(String sql, StatementParser parser, Resolver resolver, boolean explainOnly) {
        this.t = new Tokens(sql);
        this.parser = parser;
        this.explainOnly = explainOnly;
        refuseByTokens();
        this.sequences = SequenceCalls.find(t, resolver);
        this.calls = BranchCalls.find(t);
        if (mayWrite(t)) {
            try {
                analyse(resolver);
            } catch (StatementParser.Unparseable e) {
                throw Refusal.unsupported("rift cannot parse this statement (" + e.getMessage() + ") and it writes, "
                        + "so it cannot go to the upstream as it is");
            }
        } else if (hasLockingClause()) {
            // A locking read of main's rows would make main's writers wait (and, run as the branch's role, fail):
            // the rows it locks are made the branch's own first.
            try {
                analyse(resolver);
                addLockingRead(resolver);
            } catch (StatementParser.Unparseable e) {
                throw Refusal.unsupported("rift cannot parse this statement (" + e.getMessage() + ") and it locks "
                        + "rows, so it cannot go to the upstream as it is");
            }
        }
    }

    /** Whether the statement changes rows (not counting rows a locking read copies up). */
    boolean writes() {
        return sites.stream().anyMatch(WriteSite::writes);
    }

    @Override
    public Set<TableId> tablesToWrite() {
        Set<TableId> tables = new LinkedHashSet<>();
        sites.forEach(s -> tables.add(s.table));
        return tables;
    }

    @Override
    public Set<TableId> sequencesToUse() {
        return sequences.sequences();
    }

    // ---------------------------------------------------------------- first step: the text and the writes

    private void refuseByTokens() {
        for (int i = 0; i < t.size(); i++) {
            if (t.is(i, "current") && t.is(i + 1, "of")) {
                throw Refusal.unsupported("WHERE CURRENT OF is not supported on overlay branches yet");
            }
            if (t.is(i, "into") && t.depth(i) == 0 && !t.is(i - 1, "insert") && !t.is(i - 1, "merge")) {
                throw Refusal.unsupported("DDL on overlay branches is not supported yet: SELECT INTO");
            }
            if (t.is(i, "merge") && t.is(i + 1, "into")) {
                throw Refusal.unsupported("MERGE is not supported on overlay branches yet");
            }
        }
    }

    private static boolean mayWrite(Tokens t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.is(i, "insert") || t.is(i, "delete")
                    || t.is(i, "update") && !(t.is(i - 1, "for") || t.is(i - 1, "key") || t.is(i - 1, "do"))) {
                return true;
            }
        }
        return false;
    }

    private void analyse(Resolver resolver) throws StatementParser.Unparseable {
        ast = parser.parse(t);
        List<WithItem<?>> withItems = new ArrayList<>();
        refs = TableRefCollector.collect(ast, t, withItems);
        ctes = CteScopes.of(t);
        if (withItems.size() != ctes.all().size()) {
            throw Refusal.unsupported("rift cannot analyse this statement's WITH clause");
        }
        addSite(ast, resolver);
        for (WithItem<?> item : withItems) {
            addSite(item.getParenthesedStatement(), resolver);
        }
        // preludes run in the order the writes appear in the text
        sites.sort(Comparator.comparingInt(s -> s.target.name().first()));
    }

    private void addSite(Object dml, Resolver resolver) {
        if (dml instanceof ParenthesedInsert p) {
            dml = p.getInsert();
        } else if (dml instanceof ParenthesedUpdate p) {
            dml = p.getUpdate();
        } else if (dml instanceof ParenthesedDelete p) {
            dml = p.getDelete();
        }
        Table target;
        String verb;
        if (dml instanceof Insert i) {
            target = i.getTable();
            verb = "INSERT";
        } else if (dml instanceof Update u) {
            target = u.getTable();
            verb = "UPDATE";
        } else if (dml instanceof Delete d) {
            if (d.getTables() != null && !d.getTables().isEmpty()) {
                throw Refusal.unsupported("rift cannot read this DELETE");
            }
            target = d.getTable();
            verb = "DELETE";
        } else {
            return;
        }
        TableRef ref = refs.stream().filter(r -> r.node() == target).findFirst()
                .filter(TableRef::located)
                .orElseThrow(() -> Refusal.unsupported("rift cannot find the target of this " + verb + " in the text"));
        TableId table = resolver.resolve(ref.name().parts()).orElseThrow(() -> new Refusal("42P01",
                "relation \"" + String.join(".", ref.name().parts()) + "\" does not exist"));
        RelationKind kind = resolver.kind(table);
        if (kind == RelationKind.VIEW && resolver.isOwn(table)) {
            return; // a view the branch made reads its own tables: PostgreSQL writes through it as on a copy
        }
        if (kind != RelationKind.TABLE && kind != RelationKind.PARTITIONED_TABLE && kind != RelationKind.FOREIGN_TABLE) {
            throw Refusal.unsupported(verb + " on " + kind.name().toLowerCase().replace('_', ' ') + " " + table
                    + " is not supported on overlay branches yet");
        }
        int open = t.enclosingOpen(ref.name().first());
        int end = open < 0 ? t.size() : t.matching(open);
        sites.add(switch (verb) {
            case "INSERT" -> new InsertSite(t, ref, table, end);
            case "UPDATE" -> new UpdateSite(t, ref, table, end);
            default -> new DeleteSite(t, ref, table, end);
        });
        targets.add(target);
    }

    /**
     * A locking read of one changed table reads (and locks) the layer's table after a prelude copies up the rows
     * it selects. Only {@code SELECT ... FROM t [alias] ...} qualifies; other shapes are refused when rendered.
     */
    private void addLockingRead(Resolver resolver) {
        if (!(ast instanceof PlainSelect select) || !(select.getFromItem() instanceof Table table)
                || select.getJoins() != null && !select.getJoins().isEmpty()) {
            return;
        }
        TableRef ref = refs.stream().filter(r -> r.node() == table && r.located()).findFirst().orElse(null);
        if (ref == null || t.depth(ref.name().first()) != 0
                || ref.name().parts().size() == 1 && ctes.shadows(ref.name().parts().get(0), ref.begin(t))) {
            return;
        }
        Optional<TableId> id = resolver.resolve(ref.name().parts());
        if (id.isEmpty() || resolver.kind(id.get()) != RelationKind.TABLE || resolver.isOwn(id.get())) {
            return;
        }
        for (int i = 0; i < t.size(); i++) {
            if (t.is(i, "of") && t.depth(i) == 0 && (t.is(i - 1, "update") || t.is(i - 1, "share"))) {
                for (NameChain locked : TargetNames.list(t, i + 1)) {
                    String name = locked.lastPart();
                    boolean same = name != null && (name.equals(ref.name().lastPart())
                            || ref.alias() && name.equals(TableRefCollector.fold(table.getAlias().getName())));
                    if (!same) {
                        return;
                    }
                }
            }
        }
        sites.add(new LockingReadSite(t, ref, id.get()));
        targets.add(table);
    }

    // ---------------------------------------------------------------- second step: what goes upstream

    /**
     * A merged relation is a view, which has no system columns: a {@code ctid} (or {@code xmin}, ...) written
     * against it would silently bind to another table of the statement (the DELETE's target, say) instead. A
     * partition tree is read as its copy, whose {@code tableoid} {@link PartitionTableOids} maps ({@code allowed}).
     */
    private void refuseSystemColumns(String allowed) {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() == Token.Kind.IDENT && SYSTEM_COLUMNS.contains(tok.value()) && !t.is(i + 1, Token.Kind.LPAREN)
                    && !tok.value().equals(allowed)) {
                throw Refusal.unsupported("system column " + tok.value() + " of a table changed on this branch is not"
                        + " supported on overlay branches (the branch reads it through a view)");
            }
        }
    }

    private static final java.util.Set<String> SYSTEM_COLUMNS = java.util.Set.of("ctid", "xmin", "xmax", "cmin",
            "cmax", "tableoid");

    @Override
    public Rendering render(RenderContext context) {
        Resolver resolver = context.resolver();
        if (ast == null) {
            if (!NameOnlyStatement.mentionsOverlay(t, resolver)) {
                return sequencesOnly(context);
            }
            try {
                analyse(resolver);
            } catch (StatementParser.Unparseable e) {
                throw Refusal.unsupported("rift cannot parse this statement (" + e.getMessage() + ") and it reads "
                        + "tables changed on this branch");
            }
        }
        Splicer splicer = new Splicer(t.sql);
        ReadReferences reads = new ReadReferences(t, refs, ctes, targets);
        boolean readsRewritten = reads.rewrite(resolver, splicer);
        boolean tableoids = readsRewritten && sites.isEmpty() && reads.onlyPartitionCopies()
                && PartitionTableOids.mentioned(t);
        if (readsRewritten) {
            refuseSystemColumns(tableoids ? "tableoid" : null);
            new KeyGrouping(t).splice(reads.merged(), refs, context.shapes(), splicer);
        }
        if (tableoids) {
            PartitionTableOids.splice(t, splicer, resolver.state().partitionCopies());
        }
        reads.checkMentions(resolver);
        for (WriteSite site : sites) {
            site.spliceTarget(splicer, context.target(site.table));
            if (site.alias == null) {
                reads.targetWithoutAlias(site.table);
            }
        }
        sequences.splice(t, splicer, context.sequences());
        calls.splice(t, splicer, context.branch());
        reads.spliceQualifiedColumns(resolver, splicer);
        if (hasLockingClause() && sites.stream().noneMatch(LockingReadSite.class::isInstance)
                && (readsRewritten || readsUpstream(resolver))) {
            throw Refusal.unsupported("SELECT ... FOR UPDATE/SHARE on overlay branches is supported only on a single "
                    + "table (SELECT ... FROM t [alias] ...)");
        }
        List<String> preludes = new ArrayList<>();
        if (!explainOnly) {
            PreludeWith with = new PreludeWithClause(t, refs, ctes, targets, splicer);
            for (WriteSite site : sites) {
                preludes.addAll(site.preludes(context.target(site.table), splicer, context, with));
            }
        }
        if (splicer.isEmpty() && preludes.isEmpty()) {
            return Rendering.passThrough();
        }
        String main = splicer.render();
        checkParameters(preludes, main);
        return Rendering.rewritten(preludes, main);
    }

    /** Whether the statement names a relation of the upstream (which a locking clause would lock there). */
    private boolean readsUpstream(Resolver resolver) {
        for (TableRef ref : refs) {
            if (!ref.located() || ref.name().parts().size() == 1
                    && ctes.shadows(ref.name().parts().get(0), ref.begin(t))) {
                continue;
            }
            Optional<TableId> id = resolver.resolve(ref.name().parts());
            if (id.isPresent() && !resolver.isOwn(id.get())) {
                return true;
            }
        }
        return false;
    }

    /** A read that needs nothing but its sequence calls (and advisory locks, channels) pointed at the branch's. */
    private Rendering sequencesOnly(RenderContext context) {
        if (sequences.isEmpty() && calls.isEmpty()) {
            return Rendering.passThrough();
        }
        Splicer s = new Splicer(t.sql);
        sequences.splice(t, s, context.sequences());
        calls.splice(t, s, context.branch());
        return Rendering.rewritten(List.of(), s.render());
    }

    private boolean hasLockingClause() {
        for (int i = 0; i < t.size(); i++) {
            if (t.is(i, "for") && (t.is(i + 1, "update") || t.is(i + 1, "share")
                    || t.is(i + 1, "no") && t.is(i + 2, "key") || t.is(i + 1, "key") && t.is(i + 2, "share"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * In the extended protocol the session binds the client's parameters to every part: a prelude must use exactly
     * the statement's parameters, or PostgreSQL rejects the Bind (or cannot type a parameter).
     */
    private void checkParameters(List<String> preludes, String main) {
        Set<String> expected = parameters(main);
        for (String prelude : preludes) {
            if (!parameters(prelude).equals(expected)) {
                throw Refusal.unsupported("rift cannot yet run this statement with parameters on an overlay branch: "
                        + "some parameters are outside the rows it writes");
            }
        }
    }

    private static Set<String> parameters(String sql) {
        Set<String> params = new TreeSet<>();
        for (Token tok : SqlLexer.lex(sql)) {
            if (tok.kind() == Kind.PARAM) {
                params.add(tok.value());
            }
        }
        return params;
    }
}
