package dev.rift.cow.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Running a catalog query on both sides: as written on the copy, redirected as the router will redirect it on the
 * branch (by name, per {@link CatalogRedirects}), and reading the rows in a form both databases share.
 */
final class CatalogQueries {
    private CatalogQueries() {}

    /** information_schema names NOT NULL constraints after the schema's and the table's oids, which differ. */
    private static final Pattern NOT_NULL_NAME = Pattern.compile("^\\d+_\\d+_(\\d+_not_null)$");

    /** What the router does with a statement on an overlay branch, for the names this test suite uses. */
    static String redirect(String sql) {
        String out = replace(sql, "(?<![\\w.'\"$])(?:pg_catalog\\.)?(" + alternatives(CatalogRedirects.PG_CATALOG_RELATIONS)
                + ")\\b(?!\\s*\\()", "rift_catalog.");
        out = replace(out, "(?<![\\w.'\"$])(?:pg_catalog\\.)?(" + alternatives(CatalogRedirects.FUNCTIONS)
                + ")(?=\\s*\\()", "rift_catalog.");
        return replace(out, "(?<![\\w.'\"$])information_schema\\.(" + alternatives(CatalogRedirects.INFORMATION_SCHEMA_RELATIONS)
                + ")\\b", "rift_information_schema.");
    }

    private static String alternatives(Set<String> names) {
        // Longest first, so that pg_get_viewdef is never taken for a prefix of a longer name.
        return String.join("|", names.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    private static String replace(String sql, String regex, String schema) {
        Matcher m = Pattern.compile(regex).matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(schema + m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The rows of {@code sql}, each cell as text, without the columns of type oid (the same object has different
     * oids in the two databases) and with the database's name (information_schema's catalog columns) replaced.
     */
    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            String database = c.getCatalog();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnTypeName(i).equals("oid")) {
                        continue;
                    }
                    String v = rs.getString(i);
                    if (database.equals(v)) {
                        v = "<database>";
                    } else if (v != null) {
                        v = NOT_NULL_NAME.matcher(v).replaceFirst("<oids>_$1");
                    }
                    row.add(md.getColumnLabel(i) + "=" + v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The same rows in a fixed order, for queries whose order PostgreSQL does not define. */
    static List<List<String>> sortedRows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = rows(c, sql);
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
    }

    /** The single text value of {@code sql}. */
    static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The queries psql 15 sent for a meta-command (captured with {@code psql -E}; see the resource's header). */
    static List<String> psql(String command) {
        String resource = "psql/" + command + ".sql";
        try (InputStream in = CatalogQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> queries = new ArrayList<>();
            Matcher m = Pattern.compile("\\*{9} QUERY \\*{10}\\n(.*?)\\n\\*{26}\\n", Pattern.DOTALL).matcher(text);
            while (m.find()) {
                queries.add(m.group(1));
            }
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
