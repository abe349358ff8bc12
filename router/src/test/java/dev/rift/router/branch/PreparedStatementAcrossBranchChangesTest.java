package dev.rift.router.branch;

import dev.rift.pgwire.message.Bind;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.Execute;
import dev.rift.pgwire.message.Parse;
import dev.rift.pgwire.message.Query;
import dev.rift.pgwire.message.Sync;
import dev.rift.router.abuse.Packets;
import dev.rift.router.abuse.RawPgClient;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A statement prepared while a table had no branch data keeps giving the right answer after
 * another session's write gives the table branch data: rift prepares it again before its next Bind.
 */
@ExtendWith(UpstreamExtension.class)
class PreparedStatementAcrossBranchChangesTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE prices (id int PRIMARY KEY, amount int NOT NULL)",
                "INSERT INTO prices SELECT g, g * 10 FROM generate_series(1, 10) g");
        f.createBranch("prep", null);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aServerPreparedReadSeesRowsChangedAfterItWasPrepared() throws Exception {
        try (Connection reader = f.branch("prep"); Connection writer = f.branch("prep");
             PreparedStatement read = reader.prepareStatement("SELECT amount FROM prices WHERE id = ?")) {
            read.unwrap(PGStatement.class).setPrepareThreshold(1);
            assertEquals(50, amount(read, 5));
            assertEquals(50, amount(read, 5));
            assertTrue(read.unwrap(PGStatement.class).isUseServerPrepare(), "really a server-side prepared statement");

            try (Statement w = writer.createStatement()) {
                assertEquals(1, w.executeUpdate("UPDATE prices SET amount = 5000 WHERE id = 5"));
            }
            assertEquals(5000, amount(read, 5));
            assertEquals(60, amount(read, 6));
        }
    }

    @Test
    void afterDeallocateAllABindOfAnOldWriteFailsAsOnACopyNamingTheClientsStatementOnly() throws Exception {
        // A first write on a busy machine may take a while: rift makes the branch's layer tables at Parse.
        try (RawPgClient c = RawPgClient.connect("127.0.0.1", f.rift.port(), Duration.ofSeconds(90))) {
            c.authenticate(Map.of("user", f.pg.user(), "database", "prep"), f.pg.password());
            // A write: rift prepares hidden preludes for it under names of its own.
            c.send(Packets.messages(new Parse("upd", "UPDATE prices SET amount = amount + 1 WHERE id = $1::int",
                    new int[0]), Sync.INSTANCE));
            assertEquals(List.of(), errors(c.readUntilReadyForQuery()));
            c.send(Packets.messages(new Query("DEALLOCATE ALL")));
            assertEquals(List.of(), errors(c.readUntilReadyForQuery()));
            c.send(Packets.messages(new Bind("", "upd", new short[0], new byte[][] {"7".getBytes()}, new short[0]),
                    new Execute("", 0), Sync.INSTANCE));
            List<ErrorResponse> errors = errors(c.readUntilReadyForQuery());
            assertEquals(1, errors.size(), errors.toString());
            assertEquals("26000", errors.get(0).sqlState());
            assertEquals("prepared statement \"upd\" does not exist", errors.get(0).message());
            c.send(Packets.messages(new Query("SELECT count(*) FROM pg_prepared_statements")));
            List<RawPgClient.BackendMessage> answer = c.readUntilReadyForQuery();
            assertEquals(List.of(), errors(answer));
            assertTrue(answer.stream().anyMatch(m -> m.type() == 'D'), "the session answers: " + answer);
        }
        try (Connection main = f.upstream(); Statement s = main.createStatement();
             ResultSet rs = s.executeQuery("SELECT amount FROM prices WHERE id = 7")) {
            rs.next();
            assertEquals(70, rs.getInt(1), "the upstream's row is untouched");
        }
    }

    private static List<ErrorResponse> errors(List<RawPgClient.BackendMessage> answer) {
        return answer.stream().filter(m -> m.type() == 'E').map(RawPgClient.BackendMessage::asError).toList();
    }

    private static int amount(PreparedStatement ps, int id) throws Exception {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
