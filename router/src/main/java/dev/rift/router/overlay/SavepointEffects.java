package dev.rift.router.overlay;

import dev.rift.router.sql.DdlEffects;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The savepoints of a session's open transaction, each with the DDL effects the session saw when it was set. The
 * session sees its transaction's DDL before rift's own connection can (docs/ddl.md); a {@code ROLLBACK TO SAVEPOINT}
 * undoes what came after the savepoint, so the session must stop seeing those effects too, or it would read and
 * write relations that no longer exist. Transaction-scoped: cleared when the transaction ends.
 */
final class SavepointEffects {
    /** SAVEPOINT x, RELEASE [SAVEPOINT] x, ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] x: a whole statement. */
    private static final Pattern COMMAND = Pattern.compile("(?is)\\s*(savepoint|release(?:\\s+savepoint)?"
            + "|rollback(?:\\s+(?:work|transaction))?\\s+to(?:\\s+savepoint)?)\\s+(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)"
            + "\\s*;?\\s*");

    private record Mark(String name, DdlEffects pending) {
    }

    /** What a statement did to the session's view: nothing, or restored the effects seen at a savepoint. */
    record Restored(DdlEffects pending) {
    }

    private final ArrayDeque<Mark> marks = new ArrayDeque<>(); // the latest first

    /**
     * Notes a statement sent to run while the session saw {@code pending}; returns the effects to see from now on when
     * it is a ROLLBACK TO a known savepoint, else null.
     */
    Restored running(String sql, DdlEffects pending) {
        if (!mayBeCommand(sql)) {
            return null; // every statement passes here: most are told apart by their first letter
        }
        Matcher m = COMMAND.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String verb = m.group(1).toLowerCase(Locale.ROOT);
        String name = identifier(m.group(2));
        if (verb.startsWith("savepoint")) {
            marks.addFirst(new Mark(name, pending));
            return null;
        }
        // PostgreSQL acts on the latest savepoint of that name, and drops those set after it.
        for (Iterator<Mark> it = marks.iterator(); it.hasNext(); ) {
            Mark mark = it.next();
            if (mark.name().equals(name)) {
                if (verb.startsWith("release")) {
                    it.remove();
                    return null;
                }
                return new Restored(mark.pending());
            }
            it.remove();
        }
        return null; // no such savepoint: PostgreSQL raises 3B001 and the transaction is aborted anyway
    }

    private static boolean mayBeCommand(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (!Character.isWhitespace(c)) {
                c = Character.toLowerCase(c);
                return c == 's' || c == 'r';
            }
        }
        return false;
    }

    void transactionEnded() {
        marks.clear();
    }

    private static String identifier(String token) {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1).replace("\"\"", "\"");
        }
        return token.toLowerCase(Locale.ROOT);
    }
}
