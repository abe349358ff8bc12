package dev.rift.router.overlay;

import java.util.List;

/**
 * What an overlay session sends upstream for one SQL text: the text as it was, a sequence of
 * statements (hidden ones are rift's own), or a refusal that PostgreSQL itself raises so the
 * transaction fails exactly as it would for any error.
 *
 * @param version     the branch state version the plan was made for
 * @param searchPath  the session's search_path after this text runs, or null when it does not change it
 */
public record Plan(Kind kind, List<Step> steps, String sqlState, String message, long version, List<String> searchPath) {
    public enum Kind { PASS_THROUGH, REWRITTEN, REFUSED }

    /** One statement rift sends; a hidden one's responses never reach the client. */
    public record Step(String sql, boolean hidden, String tagOverride) {}

    public static Plan passThrough(long version, List<String> searchPath) {
        return new Plan(Kind.PASS_THROUGH, List.of(), null, null, version, searchPath);
    }

    public static Plan rewritten(List<Step> steps, long version) {
        return new Plan(Kind.REWRITTEN, List.copyOf(steps), null, null, version, null);
    }

    public static Plan refused(String sqlState, String message, long version) {
        return new Plan(Kind.REFUSED, List.of(), sqlState, message, version, null);
    }

    /** A statement that makes PostgreSQL raise this plan's refusal, aborting the transaction as any error would. */
    public String refusalSql() {
        String msg = message.replace("'", "''");
        return "DO $rift$BEGIN RAISE EXCEPTION USING ERRCODE = '" + sqlState + "', MESSAGE = '" + msg + "'; END$rift$";
    }

}
