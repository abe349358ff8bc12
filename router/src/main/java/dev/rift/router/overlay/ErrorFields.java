package dev.rift.router.overlay;

import dev.rift.cow.ddl.LayerNames;
import dev.rift.pgwire.message.ErrorResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes an error raised inside a branch's layer objects read as PostgreSQL's own would on a full
 * copy: the schema field names the user's schema, not the layer's, and the context lines of rift's
 * own trigger functions, catalog functions and refusal blocks, which PostgreSQL would not send, are dropped.
 */
final class ErrorFields {
    private ErrorFields() {}

    /** The error as the client must see it, or the same instance when nothing needs changing. */
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
        String where = f.get('W');
        if (where != null && (where.contains("function rift_l") || where.contains("function rift_catalog.")
                || where.contains("function inline_code_block"))) {
            f.remove('W');
            changed = true;
        }
        return changed ? new ErrorResponse(e.type(), f) : e;
    }
}
