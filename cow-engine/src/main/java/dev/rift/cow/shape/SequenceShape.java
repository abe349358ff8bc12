package dev.rift.cow.shape;

import dev.rift.cow.Quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A sequence's definition and where it stands, as a layer's copy of it must start.
 *
 * @param type     {@code format_type} of the sequence's data type
 * @param isCalled whether {@code lastValue} was handed out already (the next {@code nextval} returns the one after)
 */
public record SequenceShape(String type, long increment, long min, long max, long start, long cache, boolean cycle,
                            long lastValue, boolean isCalled) {

    /** Reads the sequence {@code relation} (quoted SQL text) without advancing it. */
    public static SequenceShape read(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,"
                        + " s.seqcycle, v.last_value, v.is_called FROM pg_sequence s, " + relation + " v"
                        + " WHERE s.seqrelid = " + Quote.literal(relation) + "::regclass");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException(relation + " is not a sequence", "42809");
            }
            return new SequenceShape(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getBoolean(7), rs.getLong(8), rs.getBoolean(9));
        }
    }

    /** The options of {@code CREATE SEQUENCE} or an identity column that reproduce this definition. */
    public String options() {
        return "INCREMENT BY " + increment + " MINVALUE " + min + " MAXVALUE " + max + " START WITH " + start
                + " CACHE " + cache + (cycle ? " CYCLE" : " NO CYCLE");
    }
}
