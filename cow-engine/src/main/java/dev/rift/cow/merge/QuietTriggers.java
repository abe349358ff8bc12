package dev.rift.cow.merge;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.storage.catalog.UpstreamGuard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A merge into main writes the branch's rows as they ended up, trigger side effects included (docs/diff.md, "Triggers
 * and merge"), so main's user triggers must not fire for them again: an audit trigger would log each row twice, a
 * {@code BEFORE UPDATE} trigger would overwrite the branch's {@code updated_at}, and a table held whole, merged as a
 * multiset, would fire INSERT and DELETE triggers for what was an UPDATE. The merge's transaction disables every
 * enabled user trigger of the tables it writes and restores each one's state before it commits, so no other session
 * ever sees them disabled (ALTER TABLE takes a SHARE ROW EXCLUSIVE lock: concurrent writes to those tables wait for
 * the merge). Disabling a trigger needs the table's owner: a role that is not gets PostgreSQL's 42501, nothing applied.
 */
final class QuietTriggers {
    private record Trigger(TableId table, String name, String state) {
    }

    private final List<Trigger> disabled;

    private QuietTriggers(List<Trigger> disabled) {
        this.disabled = List.copyOf(disabled);
    }

    /** Disables the enabled user triggers of {@code tables} on {@code c}, in its open transaction. */
    static QuietTriggers disable(Connection c, Statement st, List<MergeTable> tables) throws SQLException {
        List<Trigger> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tgname, tgenabled::text FROM pg_trigger"
                + " WHERE tgrelid = ?::regclass AND NOT tgisinternal AND tgenabled <> 'D' AND tgname <> '"
                + UpstreamGuard.TRIGGER + "' ORDER BY tgname")) { // the guard lets rift's own role write
            for (MergeTable t : tables) {
                ps.setString(1, t.table().sql());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Trigger(t.table(), rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        for (Trigger t : out) {
            st.execute("ALTER TABLE " + t.table().sql() + " DISABLE TRIGGER " + Quote.ident(t.name()));
        }
        return new QuietTriggers(out);
    }

    /** Gives every trigger {@link #disable} disabled its state again. */
    void restore(Statement st) throws SQLException {
        for (Trigger t : disabled) {
            String how = switch (t.state()) {
                case "A" -> "ENABLE ALWAYS";
                case "R" -> "ENABLE REPLICA";
                default -> "ENABLE";
            };
            st.execute("ALTER TABLE " + t.table().sql() + " " + how + " TRIGGER " + Quote.ident(t.name()));
        }
    }
}
