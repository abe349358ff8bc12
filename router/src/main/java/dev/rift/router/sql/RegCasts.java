package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.catalog.CatalogRedirects;
import dev.rift.router.sql.Token.Kind;

import java.util.Set;

/**
 * Casts of a string literal or a parameter to an object-name type ({@code 'public.t'::regclass},
 * {@code CAST($1 AS regtype)}, {@code regproc 'f'}) read the name as the branch shows it: through
 * {@code rift_catalog.rift_to_<type>} (docs/ddl.md, "Names read as text"), which finds the branch's own object of a
 * logically qualified name and not what the branch dropped. Calls of {@code to_regclass} and friends are redirected
 * with the other catalog functions ({@link CatalogReferences}).
 *
 * <p>The replacement is an uncorrelated subquery, computed once per execution as a literal cast is, so that a filter
 * on a scanned catalog does not call the function per row; the CASE around it keeps the column name PostgreSQL gives
 * the cast ({@code regclass}). DDL is left alone: a default or a view would keep the function in its definition.
 */
final class RegCasts {
    private RegCasts() {}

    /** The statement with its casts replaced, or null when it has none. */
    static String redirect(String sql) {
        if (!mayMention(sql)) {
            return null;
        }
        Tokens t = new Tokens(sql);
        // EXECUTE's arguments may not hold the subquery a cast becomes: there a cast reads the physical search_path.
        if (t.size() == 0 || t.is(0, "create") || t.is(0, "alter") || t.is(0, "drop") || t.is(0, "comment")
                || t.is(0, "execute")) {
            return null;
        }
        Splicer s = new Splicer(sql);
        for (int i = 0; i < t.size(); i++) {
            if (isValue(t, i) && t.is(i + 1, Kind.OP) && t.get(i + 1).value().equals("::")) {
                int type = typeAt(t, i + 2);
                if (type >= 0 && !sequenceArgument(t, i)) {
                    String cast = cast(t, i, t.get(type).value());
                    if (printedAsText(t, i + 1)) {
                        s.replace(t.get(i).begin(), t.get(type + 2).end(), asText(cast));
                        i = type + 2;
                    } else {
                        s.replace(t.get(i).begin(), t.get(type).end(), cast);
                        i = type;
                    }
                }
            } else if (t.is(i, Kind.OP) && t.get(i).value().equals("::") && printedAsText(t, i)) {
                // A name read some other way (c.oid::regclass::text): only the printed schema is the branch's.
                int start = primaryStart(t, i - 1);
                int type = typeAt(t, i + 1);
                if (start >= 0) {
                    String cast = t.sql.substring(t.get(start).begin(), t.get(type).end());
                    // PostgreSQL names the column after a column operand (oid): a subquery keeps that name.
                    s.replace(t.get(start).begin(), t.get(type + 2).end(), t.is(i - 1, Kind.RPAREN) ? asText(cast)
                            : "(SELECT " + CatalogRedirects.CATALOG_SCHEMA + ".rift_logical_names(" + cast
                              + "::pg_catalog.text) AS " + Quote.ident(t.get(i - 1).value()) + ")");
                }
                i = type + 2;
            } else if (t.is(i, "cast") && t.is(i + 1, Kind.LPAREN) && isValue(t, i + 2) && t.is(i + 3, "as")) {
                int type = typeAt(t, i + 4);
                if (type >= 0 && t.is(type + 1, Kind.RPAREN)) {
                    s.replace(t.get(i).begin(), t.get(type + 1).end(), cast(t, i + 2, t.get(type).value()));
                    i = type + 1;
                }
            } else if (t.get(i).kind() == Kind.IDENT && CatalogRedirects.REG_TYPES.contains(t.get(i).value())
                    && isValue(t, i + 1) && t.is(i + 1, Kind.STRING) && !t.is(i - 1, Kind.OP) && !t.is(i - 1, "as")
                    && !t.is(i - 1, Kind.DOT)) {
                s.replace(t.get(i).begin(), t.get(i + 1).end(), cast(t, i + 1, t.get(i).value()));
                i++;
            }
        }
        return s.isEmpty() ? null : s.render();
    }

    private static String cast(Tokens t, int value, String type) {
        String text = t.get(value).text(t.sql);
        String arg = t.is(value, Kind.PARAM) ? text + "::pg_catalog.text" : text;
        return "(CASE WHEN true THEN (SELECT " + CatalogRedirects.CATALOG_SCHEMA + ".rift_to_" + type + "(" + arg
                + ")) END)::pg_catalog." + type;
    }

    /** Whether the {@code ::} at {@code i} casts to a reg* type that is then cast to text. */
    private static boolean printedAsText(Tokens t, int i) {
        int type = typeAt(t, i + 1);
        return type >= 0 && t.is(type + 1, Kind.OP) && t.get(type + 1).value().equals("::") && t.is(type + 2, "text")
                && !t.is(type + 3, Kind.LBRACKET) && !t.is(type + 3, Kind.DOT);
    }

    /**
     * The first token of the operand ending at {@code j} of a cast: a column ({@code c.oid}) or a parenthesized
     * expression; -1 for anything else (a function call, another cast), which is left as it is.
     */
    private static int primaryStart(Tokens t, int j) {
        int start;
        if (t.is(j, Kind.RPAREN)) {
            start = t.matching(j);
            // (c.oid) is named after its column too; a name before the parenthesis makes a function call.
            if (start < 0 || t.get(j - 1).isName() && primaryStart(t, j - 1) == start + 1
                    || start > 0 && (t.get(start - 1).kind() == Kind.QIDENT
                    || t.get(start - 1).kind() == Kind.IDENT && !OPERAND_PRECEDERS.contains(t.get(start - 1).value()))) {
                return -1;
            }
        } else if (t.is(j, Kind.IDENT) && !OPERAND_PRECEDERS.contains(t.get(j).value()) && !t.is(j, "end")
                || t.is(j, Kind.QIDENT)) {
            start = j;
            while (t.is(start - 1, Kind.DOT) && start >= 2 && t.get(start - 2).isName()) {
                start -= 2;
            }
        } else {
            return -1;
        }
        return start > 0 && (t.is(start - 1, Kind.DOT) || t.is(start - 1, Kind.OP)
                && t.get(start - 1).value().equals("::")) ? -1 : start;
    }

    /** Keywords an operand may follow; the name before a parenthesis is otherwise a function's. */
    private static final Set<String> OPERAND_PRECEDERS = Set.of("select", "where", "and", "or", "not", "when", "then",
            "else", "on", "by", "having", "returning", "distinct", "all", "in", "is", "as", "with", "values", "case");

    /**
     * The name printed as text, as the catalog prints it: an own object whose logical schema is not on the search
     * path is printed qualified, with its logical schema. The CASE keeps PostgreSQL's column name ({@code text}).
     */
    private static String asText(String cast) {
        return "(CASE WHEN true THEN " + CatalogRedirects.CATALOG_SCHEMA + ".rift_logical_names(" + cast
                + "::pg_catalog.text) END)::pg_catalog.text";
    }

    /**
     * A literal or a parameter. A literal naming a rift object is rift's own text (a layer's relation) and is
     * already physical.
     */
    private static boolean isValue(Tokens t, int i) {
        if (t.is(i, Kind.PARAM)) {
            return true;
        }
        if (!t.is(i, Kind.STRING) || t.get(i).value() == null) {
            return false;
        }
        String v = t.get(i).value();
        return !v.startsWith("rift_") && !v.startsWith("\"rift_");
    }

    /** The token of a reg* type name at {@code i} ({@code regclass} or {@code pg_catalog.regclass}), or -1. */
    private static int typeAt(Tokens t, int i) {
        int at = t.is(i, "pg_catalog") && t.is(i + 1, Kind.DOT) ? i + 2 : i;
        boolean reg = t.is(at, Kind.IDENT) && CatalogRedirects.REG_TYPES.contains(t.get(at).value());
        return reg && !t.is(at + 1, Kind.LBRACKET) && !t.is(at + 1, Kind.DOT) ? at : -1;
    }

    /** {@code nextval('s'::regclass)} and its kin: {@link SequenceCalls} has pointed them at the branch's sequence. */
    private static boolean sequenceArgument(Tokens t, int i) {
        return t.is(i - 1, Kind.LPAREN) && (t.is(i - 2, "nextval") || t.is(i - 2, "currval") || t.is(i - 2, "setval"));
    }

    /** Cheap test first: every form names a type starting with {@code reg}. */
    private static boolean mayMention(String sql) {
        for (int i = 0; i + 3 <= sql.length(); i++) {
            if ((sql.charAt(i) | 0x20) == 'r' && sql.regionMatches(true, i, "reg", 0, 3)) {
                return true;
            }
        }
        return false;
    }
}
