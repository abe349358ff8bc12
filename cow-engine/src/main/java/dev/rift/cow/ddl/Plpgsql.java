package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;

import java.util.List;
import java.util.stream.Collectors;

/** Fragments of the PL/pgSQL and SQL that rift generates; every identifier quoted, every literal escaped. */
final class Plpgsql {
    /** The transaction-local setting a copy-up raises, so the delta's triggers let copied rows pass unchecked. */
    static final String COPYING_UP = "current_setting('rift.copy_up', true) = 'on'";

    private Plpgsql() {}

    /** {@code a."x", a."y"} (alias null: {@code "x", "y"}). */
    static String columns(String alias, List<String> names) {
        return names.stream().map(n -> (alias == null ? "" : alias + ".") + Quote.ident(n))
                .collect(Collectors.joining(", "));
    }

    /** {@code l."x" = r."y" AND ...}, pairing the two lists in order. */
    static String equal(String left, List<String> leftNames, String right, List<String> rightNames) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < leftNames.size(); i++) {
            if (i > 0) {
                b.append(" AND ");
            }
            b.append(left).append('.').append(Quote.ident(leftNames.get(i))).append(" = ")
                    .append(right).append('.').append(Quote.ident(rightNames.get(i)));
        }
        return b.toString();
    }

    /** {@code ROW(NEW."a", NEW."b") IS DISTINCT FROM ROW(OLD."a", OLD."b")}. */
    static String changed(List<String> names) {
        return "ROW(" + columns("NEW", names) + ") IS DISTINCT FROM ROW(" + columns("OLD", names) + ")";
    }

    /** {@code r."a" IS NULL OR r."b" IS NULL}. */
    static String anyNull(String row, List<String> names) {
        return names.stream().map(n -> row + "." + Quote.ident(n) + " IS NULL").collect(Collectors.joining(" OR "));
    }

    /** {@code r."a" IS NULL AND r."b" IS NULL}. */
    static String allNull(String row, List<String> names) {
        return names.stream().map(n -> row + "." + Quote.ident(n) + " IS NULL").collect(Collectors.joining(" AND "));
    }

    /**
     * The values of {@code row}'s columns as PostgreSQL prints them in an error's "Key (...)=(...)" detail: each
     * through its type's output function ({@code format('%s')}), {@code null} for NULL, joined by ", ".
     */
    static String valuesText(String row, List<String> names) {
        return names.stream()
                .map(n -> "CASE WHEN " + row + "." + Quote.ident(n) + " IS NULL THEN 'null' ELSE format('%s', "
                        + row + "." + Quote.ident(n) + ") END")
                .collect(Collectors.joining(" || ', ' || "));
    }

    /** A text identifying a key's values, for advisory locks shared by both ends of a foreign key. */
    static String lockText(String row, List<String> names) {
        return "concat_ws(',', " + columns(row, names) + ")";
    }

    /**
     * {@code RAISE EXCEPTION} with PostgreSQL's fields, so a client sees what PostgreSQL itself would report.
     *
     * @param message an SQL expression
     * @param detail  an SQL expression, or null
     */
    static String raise(String sqlState, String message, String detail, String constraint, TableId table) {
        return "RAISE EXCEPTION USING ERRCODE = " + Quote.literal(sqlState) + ", MESSAGE = " + message
                + (detail == null ? "" : ", DETAIL = " + detail)
                + ", CONSTRAINT = " + Quote.literal(constraint)
                + ", TABLE = " + Quote.literal(table.name()) + ", SCHEMA = " + Quote.literal(table.schema()) + ";";
    }

    /** A trigger function around {@code body} (statements ending in RETURN). */
    static String triggerFunction(String name, String body) {
        return function(name + "()", "trigger", "", body);
    }

    /** A PL/pgSQL function; the dollar-quote tag is one the body does not contain (names are the users'). */
    static String function(String signature, String returns, String declare, String body) {
        String tag = "$rift$";
        for (int i = 1; body.contains(tag) || declare.contains(tag); i++) {
            tag = "$rift" + i + "$";
        }
        return "CREATE OR REPLACE FUNCTION " + signature + " RETURNS " + returns + " LANGUAGE plpgsql AS " + tag
                + "\n" + (declare.isEmpty() ? "" : "DECLARE\n" + declare) + "BEGIN\n" + body + "END\n" + tag;
    }
}
