package dev.rift.router.overlay;

import dev.rift.cow.ColumnOrigins;
import dev.rift.cow.Quote;
import dev.rift.router.sql.DdlEffects;

import java.util.List;

/**
 * What an overlay session sends upstream for one SQL text: the text as it was, a sequence of
 * statements (hidden ones are rift's own), or a refusal that PostgreSQL itself raises so the
 * transaction fails exactly as it would for any error.
 *
 * @param version     the branch state version the plan was made for
 * @param searchPath  the session's search_path after this text runs, or null when it does not change it
 * @param effects     the DDL effects of the text, which the session sees until its transaction ends
 * @param settings    a statement setting what the text must run under (the physical search_path and the layer
 *                    stack of docs/ddl.md), sent first when it differs from what the session last set; or null
 * @param origins     the table columns the branch's merged relations read, for the results' RowDescriptions
 */
public record Plan(Kind kind, List<Step> steps, String sqlState, String message, long version, List<String> searchPath,
                   DdlEffects effects, String settings, ColumnOrigins origins) {
    public enum Kind { PASS_THROUGH, REWRITTEN, REFUSED }

    /**
     * One statement rift sends; a hidden one's responses never reach the client. {@code recordsDdl} marks rift's own
     * statement that records the text's DDL on the branch (docs/ddl.md): the session then has DDL in its transaction.
     */
    public record Step(String sql, boolean hidden, String tagOverride, boolean recordsDdl) {}

    /** The same plan with the DDL effects it has and the session settings it must run under (or null). */
    public Plan with(DdlEffects newEffects, String newSettings) {
        return new Plan(kind, steps, sqlState, message, version, searchPath, newEffects, newSettings, origins);
    }

    public Plan withSearchPath(List<String> path) {
        return new Plan(kind, steps, sqlState, message, version, path, effects, settings, origins);
    }

    /** The same plan reporting its results' columns as read from these origins. */
    public Plan withOrigins(ColumnOrigins newOrigins) {
        return new Plan(kind, steps, sqlState, message, version, searchPath, effects, settings, newOrigins);
    }

    /** Whether running this plan runs DDL the session must see until its transaction ends. */
    public boolean runsDdl() {
        if (!effects.isEmpty()) {
            return true;
        }
        for (Step step : steps) {
            if (step.recordsDdl()) {
                return true;
            }
        }
        return false;
    }

    public static Plan passThrough(long version, List<String> searchPath) {
        return new Plan(Kind.PASS_THROUGH, List.of(), null, null, version, searchPath, DdlEffects.NONE, null,
                ColumnOrigins.NONE);
    }

    public static Plan rewritten(List<Step> steps, long version) {
        return new Plan(Kind.REWRITTEN, List.copyOf(steps), null, null, version, null, DdlEffects.NONE, null,
                ColumnOrigins.NONE);
    }

    public static Plan refused(String sqlState, String message, long version) {
        return new Plan(Kind.REFUSED, List.of(), sqlState, message, version, null, DdlEffects.NONE, null,
                ColumnOrigins.NONE);
    }

    /** A statement that makes PostgreSQL raise this plan's refusal, aborting the transaction as any error would. */
    public String refusalSql() {
        // The message may name the client's objects: its literal reads alike under any standard_conforming_strings,
        // and the body's dollar quote is one the message does not contain.
        String tag = "$rift$";
        for (int n = 1; message.contains(tag); n++) {
            tag = "$rift" + n + "$";
        }
        return "DO " + tag + "BEGIN RAISE EXCEPTION USING ERRCODE = '" + sqlState + "', MESSAGE = "
                + Quote.literal(message) + "; END" + tag;
    }

}
