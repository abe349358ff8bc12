package dev.rift.cow;

import java.util.List;

/**
 * Statements on a branch written the way docs/overlay.md says the router writes them: INSERT into the write
 * relation; UPDATE and DELETE preceded by the hidden copy-up prelude over the relation below; reads through the
 * read relation; each target aliased with the table's own name.
 */
final class BranchStatements {
    private final Overlay overlay;
    private final String branch;

    BranchStatements(Overlay overlay, String branch) {
        this.overlay = overlay;
        this.branch = branch;
    }

    static TableId table(String name) {
        return new TableId("public", name);
    }

    List<String> insert(String table, String rest) {
        WriteTarget w = overlay.prepareWrite(branch, table(table));
        return List.of("INSERT INTO " + w.writeRelation() + " AS " + Quote.ident(table) + " " + rest);
    }

    /** {@code INSERT ... ON CONFLICT}: first copies up the rows below whose keys match {@code keyCondition}. */
    List<String> upsert(String table, String keyCondition, String rest) {
        WriteTarget w = overlay.prepareWrite(branch, table(table));
        return List.of(prelude(w, table, keyCondition, ""),
                "INSERT INTO " + w.writeRelation() + " AS " + Quote.ident(table) + " " + rest);
    }

    /** {@code where} may end in {@code RETURNING ...}, which the prelude leaves out of its condition. */
    List<String> update(String table, String set, String where) {
        WriteTarget w = overlay.prepareWrite(branch, table(table));
        String main = "UPDATE " + w.writeRelation() + " AS " + Quote.ident(table) + " SET " + set + " WHERE " + where;
        return w.isCopy() ? List.of(main)
                : List.of(prelude(w, table, condition(where), "ROW(" + setValues(set) + ")"), main);
    }

    List<String> delete(String table, String where) {
        WriteTarget w = overlay.prepareWrite(branch, table(table));
        String main = "DELETE FROM " + w.writeRelation() + " AS " + Quote.ident(table) + " WHERE " + where;
        return w.isCopy() ? List.of(main) : List.of(prelude(w, table, condition(where), ""), main);
    }

    private static String condition(String whereAndReturning) {
        int returning = whereAndReturning.indexOf(" RETURNING ");
        return returning < 0 ? whereAndReturning : whereAndReturning.substring(0, returning);
    }

    /** The table as the branch reads it: its read relation, else the upstream table itself. */
    String read(String table) {
        return overlay.state(branch).readRelation(table(table)).orElse(table(table).sql()) + " AS " + Quote.ident(table);
    }

    /**
     * {@code SELECT cu(ARRAY(SELECT <key> FROM <below> AS t WHERE (<cond>) AND (TRUE OR <row> IS NULL)))}; the row
     * of SET expressions only matters to parameter typing and is folded away.
     */
    private static String prelude(WriteTarget w, String table, String where, String row) {
        String alias = Quote.ident(table);
        return "SELECT " + w.copyUpFunction().orElseThrow() + "(ARRAY(SELECT " + w.copyUpKey(alias) + " FROM "
                + w.belowRelation()
                + " AS " + alias + " WHERE (" + where + ")" + (row.isEmpty() ? "" : " AND (TRUE OR " + row
                + " IS NULL)") + "))";
    }

    /** The right-hand sides of a simple {@code a = x, b = y} SET list (test statements keep them comma-free). */
    private static String setValues(String set) {
        return String.join(", ", List.of(set.split(",")).stream().map(a -> a.substring(a.indexOf('=') + 1).trim())
                .toList());
    }
}
