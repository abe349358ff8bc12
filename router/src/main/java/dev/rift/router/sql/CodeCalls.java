package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.DatabaseCode;
import dev.rift.cow.Overlay;
import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.layer.BranchSnapshot;
import dev.rift.router.sql.Token.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Code in the database that a query string runs (docs/overlay.md, "Code in the database"): calls of user functions and
 * procedures, DO blocks, and the triggers, defaults and CHECKs of the tables it writes. That code finds the branch's
 * tables through the name views on the session's search_path, which exist only for tables with an entry in a layer:
 * so before it runs, every upstream table it may write gets its entry in the top layer.
 */
final class CodeCalls {
    private static final Logger log = LoggerFactory.getLogger(CodeCalls.class);

    private CodeCalls() {}

    /** Prepares {@code reached}, the tables the statements' code may touch; whether any preparation changed the branch. */
    static boolean prepare(Set<TableId> reached, SessionView session, Set<TableId> alreadyPrepared) {
        Overlay overlay = session.overlay();
        boolean changed = false;
        for (TableId table : reached) {
            if (alreadyPrepared.contains(table) || held(session.state(), table)) {
                continue;
            }
            try {
                overlay.prepareWrite(session.branch(), table);
                changed = true;
            } catch (OverlayException e) {
                // A table the overlay cannot hold stays the upstream's: code writing it fails with 42501.
                log.debug("branch {}: code may write {}, which the engine refused: {}", session.branch(), table,
                        e.getMessage());
            }
        }
        return changed;
    }

    static Set<TableId> reached(List<String> statements, List<StatementPlan> plans, DatabaseCode code) {
        List<String> functions = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String sql : statements) {
            Tokens t = new Tokens(sql);
            // A routine the branch creates is scanned like a DO block: its body's tables are ready when it runs.
            boolean doBlock = t.is(0, "do") || t.is(0, "create")
                    && StatementKinds.ddlName(t).matches("CREATE (OR REPLACE )?(FUNCTION|PROCEDURE)");
            for (int i = 0; i < t.size(); i++) {
                Token tok = t.get(i);
                if (doBlock && tok.is(Kind.STRING)) {
                    text.append(tok.value() == null ? tok.text(sql) : tok.value()).append('\n');
                } else if (tok.isName() && t.is(i + 1, Kind.LPAREN) && code.isFunction(tok.value())) {
                    functions.add(tok.value());
                }
            }
        }
        Set<String> written = new LinkedHashSet<>();
        for (StatementPlan plan : plans) {
            plan.tablesToWrite().forEach(table -> written.add(table.name()));
        }
        if (functions.isEmpty() && text.isEmpty() && written.isEmpty()) {
            return Set.of();
        }
        return code.reached(functions, text.toString(), written);
    }

    /**
     * Whether the statements may run a function or procedure the branch made: they name one, or write a table of the
     * branch's own (whose defaults and triggers may call one). Its body was scanned when it was made; it needs the
     * name views to find the branch's tables.
     */
    static boolean runsOwnCode(List<String> statements, List<StatementPlan> plans, Set<TableId> ownFunctions,
                               Resolver resolver) {
        if (ownFunctions.isEmpty()) {
            return false;
        }
        Set<String> names = new HashSet<>();
        ownFunctions.forEach(f -> names.add(f.name()));
        for (String sql : statements) {
            Tokens t = new Tokens(sql);
            for (int i = 0; i < t.size(); i++) {
                Token tok = t.get(i);
                if (tok.isName() && names.contains(tok.value())
                        || tok.is(Kind.STRING) && tok.value() != null && names.stream().anyMatch(tok.value()::contains)) {
                    return true;
                }
            }
        }
        return plans.stream().anyMatch(p -> p.tablesToWrite().stream().anyMatch(resolver::isOwnRelation));
    }

    /** Whether the branch's top layer holds the table already (then nothing is to be done). */
    private static boolean held(BranchState state, TableId table) {
        return state instanceof BranchSnapshot s && s.writable(table);
    }
}
