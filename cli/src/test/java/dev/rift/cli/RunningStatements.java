package dev.rift.cli;

import dev.rift.testsupport.Await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/** A statement as a postmaster's pg_stat_activity shows it running (or no longer), waited for. */
final class RunningStatements {
    private RunningStatements() {}

    /** Returns once {@code sql} runs ({@code running}) or no longer runs on {@code c}'s server, named {@code where}. */
    static void await(Connection c, String sql, boolean running, String where) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) > 0 FROM pg_stat_activity WHERE state = 'active' AND query = ?")) {
            ps.setString(1, sql);
            Await.until(sql + (running ? " runs on " : " ends on ") + where, Duration.ofSeconds(30), () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1) == running;
                }
            });
        }
    }
}
