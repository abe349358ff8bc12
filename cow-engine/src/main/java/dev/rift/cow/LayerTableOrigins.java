package dev.rift.cow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rift.cow.layer.BranchSnapshot;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the {@link ColumnOrigins} of a branch's merged views and data tables. Both are named by their layer and
 * table and never redefined (docs/overlay.md), so what is found for a name holds as long as the relation exists:
 * each is looked up once per process, on the first plan after its layer got it.
 */
final class LayerTableOrigins {
    private static final int MAX_RELATIONS = 100_000;
    /**
     * The relation's OID, the OID and live column numbers of the table it stands for, and both row types; only where
     * the relation has
     * exactly that many columns (a table changed upstream under a branch is left unmapped rather than mapped
     * wrongly).
     */
    private static final String LOOKUP = """
            SELECT m.name, to_regclass(m.name)::oid::int, m.relid::int,
                   ARRAY(SELECT a.attnum FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = m.relid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::int[],
                   (SELECT c.reltype FROM pg_catalog.pg_class c WHERE c.oid = to_regclass(m.name))::int,
                   (SELECT c.reltype FROM pg_catalog.pg_class c WHERE c.oid = m.relid)::int
            FROM unnest(?::text[], ?::oid[]) AS m(name, relid)
            WHERE to_regclass(m.name) IS NOT NULL
              AND (SELECT count(*) FROM pg_catalog.pg_attribute v
                   WHERE v.attrelid = to_regclass(m.name) AND v.attnum > 0 AND NOT v.attisdropped)
                = (SELECT count(*) FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = m.relid AND a.attnum > 0 AND NOT a.attisdropped)
            """;

    private final DataSource dataSource;
    private final Cache<String, Found> known = Caffeine.newBuilder().maximumSize(MAX_RELATIONS).build();

    private record Found(int view, ColumnOrigins.Merged merged) {
    }

    LayerTableOrigins(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    ColumnOrigins of(BranchSnapshot state) {
        Map<Integer, ColumnOrigins.Merged> byView = new HashMap<>();
        List<String> missing = new ArrayList<>();
        state.layerTables().forEach((name, relid) -> {
            Found f = known.getIfPresent(name);
            if (f == null) {
                missing.add(name);
            } else {
                byView.put(f.view(), f.merged());
            }
        });
        if (!missing.isEmpty()) {
            for (Map.Entry<String, Found> e : lookUp(missing, state.layerTables()).entrySet()) {
                known.put(e.getKey(), e.getValue());
                byView.put(e.getValue().view(), e.getValue().merged());
            }
        }
        return new ColumnOrigins(byView);
    }

    private Map<String, Found> lookUp(List<String> names, Map<String, Long> relids) {
        Map<String, Found> found = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(LOOKUP)) {
            st.setArray(1, c.createArrayOf("text", names.toArray()));
            st.setArray(2, c.createArrayOf("oid", names.stream().map(relids::get).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Array numbers = rs.getArray(4);
                    Integer[] attnums = (Integer[]) numbers.getArray();
                    short[] columns = new short[attnums.length];
                    for (int i = 0; i < attnums.length; i++) {
                        columns[i] = attnums[i].shortValue();
                    }
                    found.put(rs.getString(1), new Found(rs.getInt(2), new ColumnOrigins.Merged(rs.getInt(3), columns,
                            rs.getInt(5), rs.getInt(6))));
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot look up the branch's layer relations: " + e.getMessage(), e);
        }
        return found;
    }
}
