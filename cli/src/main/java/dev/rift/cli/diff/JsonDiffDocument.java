package dev.rift.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.TableId;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A diff read back from its JSON document (docs/diff.md), as {@code GET /api/branches/{name}/diff} streams it.
 * Holds the document: the text format needs every table's name before the first row (to align them). Only what
 * the document carries is known: a table's columns, generated columns and relations are not, so a SQL patch
 * cannot be made from it.
 */
public final class JsonDiffDocument implements DiffSource {
    private final JsonNode doc;
    private final List<DiffTable> tables = new ArrayList<>();
    private final Map<DiffTable, JsonNode> rowsOf = new IdentityHashMap<>();

    public JsonDiffDocument(JsonNode doc) {
        this.doc = doc;
        for (JsonNode t : doc.path("tables")) {
            List<String> key = new ArrayList<>();
            t.path("key").forEach(k -> key.add(k.asText()));
            DiffTable table = new DiffTable(new TableId(t.path("schema").asText(), t.path("table").asText()),
                    DiffTable.How.valueOf(t.path("comparison").asText().toUpperCase(Locale.ROOT)), key, List.of(),
                    Set.of(), Set.of(), null, null, List.of());
            tables.add(table);
            rowsOf.put(table, t.path("rows"));
        }
    }

    @Override
    public String branch() {
        return doc.path("branch").asText();
    }

    @Override
    public String against() {
        return doc.path("against").asText();
    }

    @Override
    public List<DdlLogEntry> ddl() {
        List<DdlLogEntry> ddl = new ArrayList<>();
        doc.path("schema").forEach(e -> ddl.add(new DdlLogEntry(e.path("seq").asLong(), null, e.path("sql").asText())));
        return ddl;
    }

    @Override
    public List<DiffTable> tables() {
        return tables;
    }

    @Override
    public void rows(DiffTable table, Consumer<RowChange> sink) {
        for (JsonNode r : rowsOf.get(table)) {
            sink.accept(change(table, r));
        }
    }

    private static RowChange change(DiffTable table, JsonNode r) {
        List<String> key = new ArrayList<>();
        for (String k : table.keyColumns()) {
            key.add(text(r.path("key").get(k)));
        }
        Map<String, String> oldValues = new LinkedHashMap<>();
        Map<String, String> newValues = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        String op = r.path("op").asText();
        switch (op) {
            case "insert" -> r.path("new").fields().forEachRemaining(e -> newValues.put(e.getKey(), text(e.getValue())));
            case "delete" -> r.path("old").fields().forEachRemaining(e -> oldValues.put(e.getKey(), text(e.getValue())));
            case "update" -> r.path("changes").fields().forEachRemaining(e -> {
                changed.add(e.getKey());
                if (e.getValue().has("old")) {
                    oldValues.put(e.getKey(), text(e.getValue().get("old")));
                }
                newValues.put(e.getKey(), text(e.getValue().get("new")));
            });
            default -> throw new IllegalStateException("unknown row operation \"" + op + "\" in the server's diff");
        }
        RowChange.Kind kind = switch (op) {
            case "insert" -> RowChange.Kind.INSERTED;
            case "delete" -> RowChange.Kind.DELETED;
            default -> RowChange.Kind.UPDATED;
        };
        return new RowChange(kind, key, oldValues, newValues, changed);
    }

    /** A value as PostgreSQL's text output, or null for SQL NULL. */
    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }
}
