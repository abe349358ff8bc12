package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
final class QueryStatement implements StatementPlan, PreludeWith {
    private final Tokens t;
    private final StatementParser parser;
    private final boolean explainOnly;
    private final boolean mayWrite;
    private final SequenceCalls sequences;
    private Statement ast;
    private List<TableRef> refs;
    private CteScopes ctes;
    private final List<WriteSite> sites = new ArrayList<>();
    private final Set<Table> targets = Collections.newSetFromMap(new IdentityHashMap<>());
    private Splicer splicer;

    /**
     * @param explainOnly the statement is EXPLAINed, not run: no preludes
     */
    QueryStatement(String sql, StatementParser parser, Resolver resolver, boolean explainOnly) {
        this.t = new Tokens(sql);
        this.parser = parser;
        this.explainOnly = explainOnly;
        refuseByTokens();
        this.sequences = SequenceCalls.find(t, resolver);
        this.mayWrite = mayWrite(t);
        if (mayWrite) {
            try {
                analyse(resolver);
            } catch (StatementParser.Unparseable e) {
                throw Refusal.unsupported("rift cannot parse this statement (" + e.getMessage() + ") and it writes, "
                        + "so it cannot go to the upstream as it is");
            }
        }
    }

    boolean writes() {
        return !sites.isEmpty();
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

    // ---------------------------------------------------------------- second step: what goes upstream

    @Override
    public Rendering render(RenderContext context) {
        Resolver resolver = context.resolver();
        if (!mayWrite) {
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
        splicer = new Splicer(t.sql);
        Set<Integer> located = new HashSet<>();
        Set<TableId> unaliased = new HashSet<>();
        boolean readsRewritten = rewriteReads(resolver, located, unaliased);
        checkMentions(resolver, located);
        for (WriteSite site : sites) {
            site.spliceTarget(splicer, context.target(site.table));
            if (site.alias == null) {
                unaliased.add(site.table);
            }
        }
        sequences.splice(t, splicer, context.sequences());
        spliceQualifiedColumns(resolver, located, unaliased);
        if (readsRewritten && hasLockingClause()) {
            throw Refusal.unsupported("SELECT ... FOR UPDATE/SHARE on tables changed on this branch is not supported "
                    + "yet");
        }
        List<String> preludes = new ArrayList<>();
        if (!explainOnly) {
            for (WriteSite site : sites) {
                preludes.addAll(site.preludes(context.target(site.table), splicer, context, this));
            }
        }
        if (splicer.isEmpty() && preludes.isEmpty()) {
            return Rendering.passThrough();
        }
        String main = splicer.render();
        checkParameters(preludes, main);
        return Rendering.rewritten(preludes, main);
    }

    /** A read that needs nothing but its sequence calls pointed at the branch's copies. */
    private Rendering sequencesOnly(RenderContext context) {
        if (sequences.isEmpty()) {
            return Rendering.passThrough();
        }
        Splicer s = new Splicer(t.sql);
        sequences.splice(t, s, context.sequences());
        return Rendering.rewritten(List.of(), s.render());
    }

    /** Replaces every read reference to a changed relation; returns whether any was replaced. */
    private boolean rewriteReads(Resolver resolver, Set<Integer> located, Set<TableId> unaliased) {
        boolean replaced = false;
        for (TableRef ref : refs) {
            if (!ref.located()) {
                List<String> parts = new ArrayList<>();
                if (ref.node().getSchemaName() != null) {
                    parts.add(TableRefCollector.fold(ref.node().getSchemaName()));
                }
                parts.add(TableRefCollector.fold(ref.node().getName()));
                if (resolver.needsOverlay(parts)) {
                    throw Refusal.unsupported("rift cannot locate the reference to " + String.join(".", parts)
                            + " in the statement's text");
                }
                continue;
            }
            int begin = ref.begin(t);
            located.add(begin);
            if (targets.contains(ref.node())) {
                continue;
            }
            List<String> parts = ref.name().parts();
            if (parts.size() == 1 && ctes.shadows(parts.get(0), begin)) {
                continue;
            }
            Optional<TableId> id = resolver.resolve(parts);
            if (id.isEmpty()) {
                continue;
            }
            Optional<String> relation = readRelation(resolver, id.get());
            if (relation.isEmpty()) {
                continue;
            }
            if (ref.node().getSampleClause() != null) {
                throw Refusal.unsupported("TABLESAMPLE on " + id.get() + ", which this branch changed, is not "
                        + "supported yet");
            }
            boolean tableCommand = t.is(ref.name().first() - 1, "table")
                    || t.is(ref.name().first() - 1, "only") && t.is(ref.name().first() - 2, "table");
            String text = ref.alias() || tableCommand
                    ? relation.get()
                    : relation.get() + " AS " + Quote.ident(ref.name().lastPart());
            splicer.replace(begin, ref.end(t), text);
            if (!ref.alias()) {
                unaliased.add(id.get());
            }
            replaced = true;
        }
        return replaced;
    }

    /** The relation reads of {@code id} use on the branch, refusing views over changed tables. */
    private static Optional<String> readRelation(Resolver resolver, TableId id) {
        return switch (resolver.kind(id)) {
            case VIEW -> {
                if (resolver.viewReadsChanges(id)) {
                    throw Refusal.unsupported("view " + id + " reads tables changed on this branch (views over "
                            + "changed tables are not supported yet)");
                }
                yield Optional.empty();
            }
            case MATERIALIZED_VIEW -> Optional.empty(); // stored rows: the same as on a full copy until REFRESH
            case SEQUENCE -> resolver.state().sequence(id);
            default -> resolver.readRelation(id);
        };
    }

    /** Every relation the tokens name must be one the parse tree showed, if it matters to the branch. */
    private void checkMentions(Resolver resolver, Set<Integer> located) {
        for (int m : RelationMentions.find(t)) {
            int begin = t.get(m).begin();
            if (located.contains(begin)) {
                continue;
            }
            NameChain chain = NameChain.at(t, m);
            List<String> parts = chain.parts();
            if (parts.size() == 1 && parts.get(0) != null && ctes.shadows(parts.get(0), begin)) {
                continue;
            }
            if (resolver.needsOverlay(parts)) {
                throw Refusal.unsupported("rift cannot analyse the reference to " + chain.parts().get(parts.size() - 1)
                        + " in this statement");
            }
        }
    }

    /**
     * {@code schema.table.column} names a FROM item by its schema; once the item is the branch's relation under the
     * table's name, the reference must say {@code "table".column}.
     */
    private void spliceQualifiedColumns(Resolver resolver, Set<Integer> located, Set<TableId> unaliased) {
        if (unaliased.isEmpty()) {
            return;
        }
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isName() || t.is(i - 1, Kind.DOT)) {
                continue;
            }
            NameChain chain = NameChain.at(t, i);
            if (chain.parts().size() == 3 && chain.decodable() && !located.contains(t.get(i).begin())
                    && !t.is(chain.last() + 1, Kind.LPAREN)) {
                Optional<TableId> id = resolver.resolve(chain.parts().subList(0, 2));
                if (id.isPresent() && unaliased.contains(id.get())) {
                    splicer.replace(t.get(i).begin(), t.get(i + 2).end(), Quote.ident(chain.parts().get(1)));
                }
            }
            i = chain.last();
        }
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

    // ---------------------------------------------------------------- WITH clauses for preludes

    @Override
    public String clauseFor(List<int[]> ranges) {
        Set<CteScopes.Cte> needed = new LinkedHashSet<>();
        for (TableRef ref : refs) {
            if (!ref.located() || ref.name().parts().size() != 1 || targets.contains(ref.node())) {
                continue;
            }
            int token = ref.name().first();
            for (int[] r : ranges) {
                if (token >= r[0] && token < r[1]) {
                    CteScopes.Cte cte = ctes.innermost(ref.name().parts().get(0), ref.begin(t));
                    if (cte != null && !(cte.bodyOpen() >= r[0] && cte.bodyClose() < r[1])) {
                        needed.add(cte);
                    }
                }
            }
        }
        List<CteScopes.Cte> top = ctes.topLevel(t);
        boolean parameters = top.stream().anyMatch(c -> t.hasParam(c.bodyOpen(), c.bodyClose()));
        if (needed.isEmpty() && !parameters) {
            return "";
        }
        for (CteScopes.Cte cte : needed) {
            if (cte.modifiesData(t)) {
                throw Refusal.unsupported("a write whose condition reads the data-modifying WITH query " + cte.name()
                        + " is not supported on overlay branches yet");
            }
            if (!top.contains(cte)) {
                throw Refusal.unsupported("rift cannot analyse the WITH query " + cte.name() + " of this statement");
            }
        }
        List<String> items = new ArrayList<>();
        boolean recursive = false;
        for (CteScopes.Cte cte : top) {
            if (cte.modifiesData(t)) {
                continue;
            }
            refuseReadsOfModifyingCtes(cte, top);
            recursive |= cte.recursive();
            items.add(splicer.render(t.get(cte.nameToken()).begin(), t.get(cte.bodyClose()).end()));
        }
        return items.isEmpty() ? "" : "WITH " + (recursive ? "RECURSIVE " : "") + String.join(", ", items) + " ";
    }

    private void refuseReadsOfModifyingCtes(CteScopes.Cte cte, List<CteScopes.Cte> top) {
        for (TableRef ref : refs) {
            if (!ref.located() || ref.name().parts().size() != 1) {
                continue;
            }
            int token = ref.name().first();
            if (token > cte.bodyOpen() && token < cte.bodyClose()) {
                CteScopes.Cte referenced = ctes.innermost(ref.name().parts().get(0), ref.begin(t));
                if (referenced != null && top.contains(referenced) && referenced.modifiesData(t)) {
                    throw Refusal.unsupported("a write whose condition reads the data-modifying WITH query "
                            + referenced.name() + " is not supported on overlay branches yet");
                }
            }
        }
    }
}
