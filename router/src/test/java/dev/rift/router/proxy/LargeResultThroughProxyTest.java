package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A million-row result streamed through rift in batches (a portal read with Execute row limits,
 * which pgjdbc does for a fetch size inside a transaction) arrives complete and unchanged.
 */
@ExtendWith(UpstreamExtension.class)
class LargeResultThroughProxyTest {

    private static final int ROWS = 1_000_000;
    private static final String QUERY = "SELECT i, md5(i::text) FROM generate_series(1, " + ROWS + ") i";

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    /** What a client can say about a result it read: count, sum and MD5 of the rows' text. */
    record Digest(long count, long sum, String md5) {}

    @Test
    void aMillionRowResultStreamedWithAFetchSizeArrivesCompleteAndUnchanged() throws Exception {
        Digest read = proxy.sideBySide().same("a million rows read 1000 at a time", LargeResultThroughProxyTest::stream);

        // The server's own account of the same rows, so the comparison cannot pass on two equally short reads.
        try (Connection c = proxy.direct().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), sum(i), md5(string_agg(i || '|' || md5 || E'\\n', '' ORDER BY i)) "
                     + "FROM (" + QUERY + ") AS r(i, md5)")) {
            rs.next();
            assertEquals(new Digest(rs.getLong(1), rs.getLong(2), rs.getString(3)), read);
        }
    }

    private static Digest stream(Connection c) throws Exception {
        c.setAutoCommit(false); // pgjdbc only honours the fetch size inside a transaction
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long count = 0;
        long sum = 0;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery(QUERY)) {
                while (rs.next()) {
                    long i = rs.getLong(1);
                    count++;
                    sum += i;
                    md5.update((i + "|" + rs.getString(2) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } finally {
            rollbackQuietly(c);
        }
        return new Digest(count, sum, HexFormat.of().formatHex(md5.digest()));
    }

    private static void rollbackQuietly(Connection c) throws SQLException {
        if (!c.isClosed()) {
            c.rollback();
        }
    }
}
