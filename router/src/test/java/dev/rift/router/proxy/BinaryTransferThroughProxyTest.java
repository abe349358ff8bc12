package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGProperty;
import org.postgresql.PGResultSetMetaData;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values in PostgreSQL's binary wire format pass through rift byte for byte: pgjdbc with
 * {@code binaryTransfer=true} and {@code prepareThreshold=-1} (binary from the first execution)
 * reads the same values and formats through rift as directly.
 */
@ExtendWith(UpstreamExtension.class)
class BinaryTransferThroughProxyTest {

    private static final Map<PGProperty, String> BINARY = Map.of(
            PGProperty.BINARY_TRANSFER, "true",
            PGProperty.PREPARE_THRESHOLD, "-1");

    /** int, bigint, numeric, timestamptz, bytea, uuid, jsonb, int[], text[], with edge cases and NULLs. */
    private static final String TYPED_VALUES = """
            SELECT i::int AS int_value,
                   (i::bigint * 3000000007) * CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END AS bigint_value,
                   CASE i WHEN 1 THEN 'NaN'::numeric WHEN 2 THEN NULL
                          ELSE (i / 7.0)::numeric * 10 ^ (i % 30 - 15) END AS numeric_value,
                   CASE i WHEN 1 THEN 'infinity'::timestamptz WHEN 2 THEN '-infinity'::timestamptz
                          ELSE timestamptz '1999-12-31 23:59:59.999999+00' + i * interval '17 days 3 hours 1.000001 seconds'
                   END AS timestamptz_value,
                   CASE WHEN i = 3 THEN ''::bytea ELSE decode(repeat(md5(i::text), i % 5 + 1), 'hex') END AS bytea_value,
                   md5(i::text)::uuid AS uuid_value,
                   jsonb_build_object('i', i, 'name', 'n' || i, 'tags', jsonb_build_array('a', i, NULL, true)) AS jsonb_value,
                   CASE WHEN i = 4 THEN '{}'::int[] ELSE ARRAY[i, NULL, -i, 2147483647] END AS int_array,
                   ARRAY['x' || i, NULL, 'quote " and \\ backslash', '', 'ünï'] AS text_array
            FROM generate_series(1, 500) i
            """;

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void binaryResultsOfEveryCommonTypeReadTheSameThroughTheProxy() throws Exception {
        TypedRows read = proxy.sideBySide().same("typed values over binary transfer", BINARY, c -> {
            try (PreparedStatement ps = c.prepareStatement(TYPED_VALUES); ResultSet rs = ps.executeQuery()) {
                return TypedRows.of(rs);
            }
        });
        assertEquals(500, read.rows().size(), "generate_series(1, 500) rows");
        assertTrue(read.formats().contains(1), "pgjdbc should have received some columns in binary: " + read.formats());
    }

    @Test
    void binaryParametersArriveAsTheSameValuesThroughTheProxy() throws Exception {
        UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        TypedRows echoed = proxy.sideBySide().same("binary parameters echoed back", BINARY, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::int AS int_value, ?::bigint AS bigint_value, "
                    + "?::numeric AS numeric_value, ?::timestamptz AS timestamptz_value, ?::bytea AS bytea_value, "
                    + "?::uuid AS uuid_value, ?::jsonb AS jsonb_value, ?::int[] AS int_array, ?::text[] AS text_array")) {
                ps.setInt(1, Integer.MIN_VALUE);
                ps.setLong(2, Long.MAX_VALUE);
                ps.setBigDecimal(3, new BigDecimal("-12345678901234567890.000000000123"));
                ps.setObject(4, OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123456000, ZoneOffset.ofHours(5)));
                ps.setBytes(5, new byte[] {0, 1, (byte) 0xff, '\\', 'x', 0});
                ps.setObject(6, uuid);
                ps.setString(7, "{\"b\": [1, 2, {\"c\": null}], \"a\": \"ü\"}");
                ps.setArray(8, c.createArrayOf("int4", new Integer[] {1, null, Integer.MAX_VALUE}));
                ps.setArray(9, c.createArrayOf("text", new String[] {"a", null, "b,c", "\"q\""}));
                try (ResultSet rs = ps.executeQuery()) {
                    return TypedRows.of(rs);
                }
            }
        });
        assertEquals(1, echoed.rows().size());
    }

    @Test
    void aStoredTableReadsAsTheSameValuesInBinaryAsInTextOnBothSides() throws Exception {
        try (Connection c = proxy.direct().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE typed_values AS " + TYPED_VALUES);
        }
        // The same rows once in binary and once as text per side: binary decoding must not lose anything.
        Rows text = proxy.sideBySide().same("text rendering", Map.of(PGProperty.BINARY_TRANSFER, "false"),
                c -> Results.query(c, "SELECT * FROM typed_values ORDER BY int_value"));
        Rows binary = proxy.sideBySide().same("binary rendering", BINARY, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM typed_values ORDER BY int_value");
                 ResultSet rs = ps.executeQuery()) {
                return Rows.of(rs);
            }
        });
        assertTrue(binary.columns().stream().anyMatch(column -> column.format() == 1),
                "pgjdbc should have received some columns in binary: " + binary.columns());
        assertEquals(text.rows(), binary.rows(), "the same values decoded from text and from binary");
    }

    /** Rows read with the typed getter an application would use per column, plus the wire formats. */
    record TypedRows(List<Integer> formats, List<List<Object>> rows) {
        static TypedRows of(ResultSet rs) throws SQLException {
            PGResultSetMetaData md = rs.getMetaData().unwrap(PGResultSetMetaData.class);
            int columns = rs.getMetaData().getColumnCount();
            List<Integer> formats = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                formats.add(md.getFormat(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                row.add(rs.getObject("int_value", Integer.class));
                row.add(rs.getObject("bigint_value", Long.class));
                row.add(rs.getString("numeric_value")); // NaN has no BigDecimal
                row.add(rs.getObject("timestamptz_value", OffsetDateTime.class));
                row.add(Rows.comparable(rs.getBytes("bytea_value")));
                row.add(rs.getObject("uuid_value", UUID.class));
                row.add(rs.getString("jsonb_value"));
                row.add(array(rs.getArray("int_array")));
                row.add(array(rs.getArray("text_array")));
                rows.add(row);
            }
            return new TypedRows(formats, rows);
        }

        private static Object array(Array a) throws SQLException {
            return a == null ? null : Rows.comparable(a.getArray());
        }
    }
}
