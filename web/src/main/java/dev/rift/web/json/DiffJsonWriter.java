package dev.rift.web.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffCounts;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.cow.diff.SequencePosition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The JSON document of a diff (docs/diff.md), shared by {@code rift diff --format json} and
 * {@code GET /api/branches/{name}/diff}: written with a streaming generator, flushed after every table, so a
 * table's rows go out as they are read and nothing is held. Values are PostgreSQL's text output of each value, or
 * null. Ends without a newline; the caller adds one.
 */
public final class DiffJsonWriter {
    private DiffJsonWriter() {
    }

    /** Writes the document; {@code onRow} hears of every differing row (the CLI's progress on stderr). */
    public static void write(BranchDiff diff, boolean statOnly, Writer out, Consumer<DiffTable> onRow) {
        try (JsonGenerator g = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("branch", diff.branch());
            g.writeStringField("against", diff.against());
            g.writeArrayFieldStart("schema");
            for (DdlLogEntry e : diff.ddl()) {
                g.writeStartObject();
                g.writeNumberField("seq", e.seq());
                g.writeStringField("sql", e.statement());
                g.writeEndObject();
            }
            g.writeEndArray();
            DiffCounts total = new DiffCounts();
            g.writeArrayFieldStart("tables");
            for (DiffTable t : diff.tables()) {
                total.add(table(g, diff, t, statOnly, onRow));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sequences");
            for (SequencePosition s : diff.sequences()) {
                g.writeStartObject();
                g.writeStringField("schema", s.sequence().schema());
                g.writeStringField("sequence", s.sequence().name());
                g.writeNumberField("last_value", s.lastValue());
                g.writeBooleanField("is_called", s.isCalled());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("totals");
            counts(g, total);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DiffCounts table(JsonGenerator g, BranchDiff diff, DiffTable t, boolean statOnly,
                                Consumer<DiffTable> onRow) throws IOException {
        g.writeStartObject();
        g.writeStringField("schema", t.table().schema());
        g.writeStringField("table", t.table().name());
        g.writeStringField("comparison", t.how().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("key");
        for (String k : t.keyColumns()) {
            g.writeString(k);
        }
        g.writeEndArray();
        DiffCounts counts = new DiffCounts();
        if (!statOnly) {
            g.writeArrayFieldStart("rows");
        }
        diff.rows(t, change -> {
            counts.add(change);
            onRow.accept(t);
            if (!statOnly) {
                try {
                    row(g, t, change);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        if (!statOnly) {
            g.writeEndArray();
        }
        g.writeFieldName("counts");
        counts(g, counts);
        g.writeEndObject();
        g.flush();
        return counts;
    }

    private static void row(JsonGenerator g, DiffTable t, RowChange change) throws IOException {
        g.writeStartObject();
        g.writeStringField("op", switch (change.kind()) {
            case INSERTED -> "insert";
            case DELETED -> "delete";
            case UPDATED -> "update";
        });
        if (t.keyColumns().isEmpty()) {
            g.writeNullField("key");
        } else {
            g.writeObjectFieldStart("key");
            for (int i = 0; i < t.keyColumns().size(); i++) {
                g.writeStringField(t.keyColumns().get(i), change.key().get(i));
            }
            g.writeEndObject();
        }
        switch (change.kind()) {
            case INSERTED -> values(g, "new", change.newValues());
            case DELETED -> values(g, "old", change.oldValues());
            case UPDATED -> {
                g.writeObjectFieldStart("changes");
                for (String c : change.changed()) {
                    g.writeObjectFieldStart(c);
                    if (change.oldValues().containsKey(c)) {
                        g.writeStringField("old", change.oldValues().get(c));
                    }
                    g.writeStringField("new", change.newValues().get(c));
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    private static void values(JsonGenerator g, String field, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, DiffCounts counts) throws IOException {
        g.writeStartObject();
        g.writeNumberField("inserted", counts.inserted());
        g.writeNumberField("deleted", counts.deleted());
        g.writeNumberField("updated", counts.updated());
        g.writeEndObject();
    }
}
