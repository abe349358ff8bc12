package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, by the tokens alone, every place where a statement names a relation: after FROM, JOIN, a comma in a
 * FROM list, UPDATE, INTO, USING, TABLE, ONLY, TRUNCATE, LOCK, COPY. It is the independent check on the parse
 * tree: a relation named here that needs the overlay must also be a table reference rift found in the tree and
 * rewrote, or the statement is refused. It errs on the side of finding too much (a column after
 * {@code EXTRACT(... FROM} is skipped, other oddities may be reported), never too little.
 */
final class RelationMentions {
    private static final Set<String> FROM_LIST_ENDS = Set.of("where", "group", "having", "window", "order", "limit",
            "offset", "fetch", "for", "union", "intersect", "except", "returning", "set", "values", "select");
    private static final Set<String> FUNCTIONS_WITH_FROM = Set.of("extract", "substring", "trim", "overlay");
    private static final Set<String> NOT_A_NAME = Set.of("select", "with", "values", "lateral", "only", "table");

    private RelationMentions() {}

    /** Indices of the first tokens of the names in relation position. */
    static List<Integer> find(Tokens t) {
        List<Integer> mentions = new ArrayList<>();
        Set<Integer> fromListDepths = new HashSet<>();
        boolean expectItem = false;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            int d = t.depth(i);
            if (tok.is(Kind.RPAREN)) {
                fromListDepths.removeIf(x -> x > d);
                expectItem = false;
                continue;
            }
            if (expectItem) {
                expectItem = false;
                if (tok.is(Kind.LPAREN)) {
                    if (!startsSubquery(t, i + 1)) {
                        fromListDepths.add(d + 1); // a parenthesized join: (a JOIN b ON ...)
                        expectItem = true;
                    }
                    continue;
                }
                if (tok.is("only")) {
                    expectItem = true;
                    continue;
                }
                if (tok.isName() || tok.is(Kind.UIDENT)) {
                    if (!(tok.kind() == Kind.IDENT && NOT_A_NAME.contains(tok.value()))) {
                        NameChain chain = NameChain.at(t, i);
                        if (!t.is(chain.last() + 1, Kind.LPAREN)) { // a function in FROM
                            mentions.add(i);
                        }
                        i = chain.last();
                        continue;
                    }
                }
            }
            if (tok.kind() == Kind.COMMA) {
                expectItem = fromListDepths.contains(d);
                continue;
            }
            if (tok.kind() != Kind.IDENT) {
                continue;
            }
            switch (tok.value()) {
                case "from" -> {
                    if (!t.is(i - 1, "distinct") && !t.is(i - 1, "rows") && !insideFunctionWithFrom(t, i)) {
                        fromListDepths.add(d);
                        expectItem = true;
                    }
                }
                case "join", "into", "table", "copy" -> expectItem = true;
                case "update" -> expectItem = !(t.is(i - 1, "for") || t.is(i - 1, "key") || t.is(i - 1, "do")
                        || t.is(i - 1, "on") || t.is(i - 1, "then"));
                case "using" -> {
                    if (!t.is(i + 1, Kind.LPAREN)) {
                        fromListDepths.add(d);
                        expectItem = true;
                    }
                }
                case "truncate", "lock" -> {
                    fromListDepths.add(d);
                    expectItem = true;
                }
                default -> {
                    if (FROM_LIST_ENDS.contains(tok.value())) {
                        fromListDepths.remove(d);
                    }
                }
            }
        }
        return mentions;
    }

    private static boolean startsSubquery(Tokens t, int i) {
        return t.is(i, "select") || t.is(i, "with") || t.is(i, "values") || t.is(i, "table") || t.is(i, Kind.LPAREN);
    }

    private static boolean insideFunctionWithFrom(Tokens t, int i) {
        int open = t.enclosingOpen(i);
        return open > 0 && t.get(open - 1).kind() == Kind.IDENT
                && FUNCTIONS_WITH_FROM.contains(t.get(open - 1).value());
    }
}
