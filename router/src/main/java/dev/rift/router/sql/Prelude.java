package dev.rift.router.sql;

import dev.rift.cow.WriteTarget;

import java.util.List;

/**
 * The hidden statement that copies up, before a write, every row of {@code <below>} the write can touch
 * (docs/overlay.md "What the router does"):
 * <pre>
 * [WITH ...] SELECT cu(ARRAY(SELECT DISTINCT t.k FROM &lt;below&gt; AS t [, items] [WHERE (cond)]
 *                           [AND (TRUE OR (typing))])::keytype[])
 * </pre>
 * The always-true {@code OR} makes every {@code $n} parameter of the write appear in the same context as in the
 * write itself, so PostgreSQL infers the same types for the same Bind; the planner folds it away before anything
 * is evaluated.
 */
final class Prelude {
    private Prelude() {}

    /**
     * @param alias  how the write's own text names the target (its alias, or the table's name), SQL text
     * @param items  further FROM items (UPDATE ... FROM, DELETE ... USING, a VALUES list), or null
     * @param cond   the condition selecting rows, or null for all rows
     * @param typing expressions that only serve parameter typing, or empty
     * @param with   a WITH clause the condition needs ({@code "WITH a AS (...) "}), or empty
     */
    static String copyUp(WriteTarget target, String alias, String items, String cond, List<String> typing,
                         String with) {
        String key = target.copyUpKey(alias);
        StringBuilder b = new StringBuilder(with)
                .append("SELECT ").append(target.copyUpFunction().orElseThrow())
                .append("(ARRAY(SELECT DISTINCT ").append(key)
                .append(" FROM ").append(target.belowRelation()).append(" AS ").append(alias);
        if (items != null) {
            b.append(", ").append(items);
        }
        String where = cond == null ? null : "(" + cond + ")";
        if (!typing.isEmpty()) {
            String t = "(TRUE OR (" + String.join(" AND ", typing) + "))";
            where = where == null ? t : where + " AND " + t;
        }
        if (where != null) {
            b.append(" WHERE ").append(where);
        }
        return b.append(")::").append(target.copyUpKeyType()).append("[])").toString();
    }

    /** An expression whose only purpose is to type the parameters in {@code expression} as a {@code type} column's. */
    static String castTo(String expression, String type) {
        return "CAST((" + expression + ") AS " + type + ")";
    }

    /** Types the parameters of a RETURNING list as the write's RETURNING does (a target list, unknowns to text). */
    static String returningTyping(String returningList) {
        return "EXISTS (SELECT " + returningList + " FROM (VALUES (1)) AS rift_returning(rift_returning))";
    }

    /** Types the parameters of SET expressions. */
    static String rowTyping(List<String> casts) {
        return "ROW(" + String.join(", ", casts) + ") IS NULL";
    }
}
