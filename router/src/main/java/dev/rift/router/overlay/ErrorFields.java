package dev.rift.router.overlay;

import dev.rift.cow.ddl.LayerNames;
import dev.rift.pgwire.message.ErrorResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an error or notice raised inside a branch's layer objects read as PostgreSQL's own would on a full
 * copy: the schema field names the user's schema, not the layer's; the message, detail and hint name an own or a
 * layer schema ({@code rift_o7_shop}, {@code rift_l7_public}) by the schema it stands for; and the context lines of
 * rift's own trigger functions, catalog functions and refusal blocks, which PostgreSQL would not send, are dropped.
 */
final class ErrorFields {
    /** An own or layer schema's name in a text (not the hashed form of long names, which stands for no name). */
    private static final Pattern BRANCH_SCHEMA = Pattern.compile("rift_[lo][0-9]+_(?!h[0-9a-f]{16}\\b)([A-Za-z0-9_$]+)");

    private ErrorFields() {}

    /** The error or notice as the client must see it, or the same instance when nothing needs changing. */
    static ErrorResponse clean(ErrorResponse e) {
        Map<Character, String> f = new LinkedHashMap<>(e.fields());
        boolean changed = false;
        String schema = f.get('s');
        if (schema != null) {
            var upstream = LayerNames.upstreamSchemaOf(schema);
            if (upstream.isPresent()) {
                f.put('s', upstream.get());
                changed = true;
            }
        }
        for (char field : new char[] {'M', 'D', 'H'}) {
            String text = f.get(field);
            if (text != null && text.contains("rift_")) {
                String shown = logicalSchemas(text);
                changed |= !shown.equals(text);
                f.put(field, shown);
            }
        }
        String where = f.get('W');
        if (where != null && e.type() == ErrorResponse.ERROR && (where.contains("function rift_l")
                || where.contains("function rift_catalog.") || where.contains("function inline_code_block"))) {
            f.remove('W');
            changed = true;
        } else if (where != null && where.contains("rift_")) {
            // The lines from the first that names rift's objects on are rift's statement around the user's code
            // (a TRUNCATE of a layer table firing the user's trigger, in rift's block): a copy has only those before.
            int cut = where.indexOf("rift_");
            int lineStart = where.lastIndexOf('\n', cut);
            if (lineStart <= 0) {
                f.remove('W');
            } else {
                f.put('W', where.substring(0, lineStart));
            }
            changed = true;
        }
        String internalQuery = f.get('q');
        if (internalQuery != null && internalQuery.contains("rift_")) {
            // rift's own statement (a materialization's CREATE TABLE ... LIKE, run for the user's ALTER) failed: a copy
            // runs no such statement, so its error has no internal query, nor a position in one.
            f.remove('q');
            f.remove('p');
            changed = true;
        }
        return changed ? new ErrorResponse(e.type(), f) : e;
    }

    private static String logicalSchemas(String text) {
        Matcher m = BRANCH_SCHEMA.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
    }
}
