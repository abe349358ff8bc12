package dev.rift.cow.diff;

import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.storage.catalog.LayerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Function;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tables of a branch can differ from the other side, and how to compare each (docs/diff.md). A table both
 * sides read from the same physical table can only differ in the keys of the layers they do not share, so only
 * those are compared; tables are listed referenced before referencing, the order a patch inserts in.
 */
public final class DiffPlanner {
    private DiffPlanner() {
    }

    static List<DiffTable> plan(Connection c, DiffSide branch, DiffSide other) throws SQLException {
        Set<Long> shared = new HashSet<>(branch.layerIds());
        shared.retainAll(other.layerIds());
        Map<Long, DiffTable> byRelid = new HashMap<>();
        for (Map.Entry<TableId, DiffSide.Table> e : branch.tables().entrySet()) {
            DiffTable t = table(c, e.getKey(), e.getValue(), other.tables().get(e.getKey()), shared, branch, other);
            if (t != null) {
                byRelid.put(e.getValue().relid(), t);
            }
        }
        return referencedFirst(c, byRelid, t -> t.table().toString());
    }

    private static DiffTable table(Connection c, TableId id, DiffSide.Table mine, DiffSide.Table theirs,
                                   Set<Long> shared, DiffSide branch, DiffSide other) throws SQLException {
        List<String> keys = primaryKey(c, mine.relid());
        Set<String> generated = new HashSet<>();
        List<String> columns = columns(c, mine.relid(), generated);
        if (theirs == null) {
            return new DiffTable(id, DiffTable.How.CREATED, keys, columns, generated, Set.of(), null, mine.read(),
                    List.of());
        }
        if (theirs.relid() == mine.relid()) {
            List<LayerEntry> entries = new ArrayList<>(branch.entriesOutside(shared, mine.relid()));
            entries.addAll(other.entriesOutside(shared, mine.relid()));
            if (entries.isEmpty()) {
                return null; // both read the same rows
            }
            boolean copied = entries.stream().anyMatch(e -> e.kind() == LayerEntry.Kind.COPY);
            if (copied || keys.isEmpty()) {
                return new DiffTable(id, DiffTable.How.UNKEYED, List.of(), columns, generated, Set.copyOf(columns),
                        theirs.read(), mine.read(), List.of());
            }
            List<String> shadows = entries.stream()
                    .map(e -> new LayerNames(e.layerId()).shadow(e.relid())).distinct().toList();
            return new DiffTable(id, DiffTable.How.SHADOWED, keys, columns, generated, Set.copyOf(columns),
                    theirs.read(), mine.read(), shadows);
        }
        Set<String> oldColumns = new LinkedHashSet<>(columns(c, theirs.relid(), new HashSet<>()));
        DiffTable.How how = !keys.isEmpty() && oldColumns.containsAll(keys) ? DiffTable.How.KEYED : DiffTable.How.UNKEYED;
        return new DiffTable(id, how, how == DiffTable.How.KEYED ? keys : List.of(), columns, generated, oldColumns,
                theirs.read(), mine.read(), List.of());
    }

    public static List<String> primaryKey(Connection c, long relid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ?::oid AND i.indisprimary ORDER BY k.ord")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public static List<String> columns(Connection c, long relid, Set<String> generated) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, attgenerated <> '' FROM pg_attribute"
                + " WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                    if (rs.getBoolean(2)) {
                        generated.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Tables (by relid) ordered so that a table comes after those its foreign keys reference (cycles: as found),
     * otherwise by name.
     */
    public static <T> List<T> referencedFirst(Connection c, Map<Long, T> tables, Function<T, String> name)
            throws SQLException {
        Map<Long, Set<Long>> references = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conrelid::bigint, confrelid::bigint FROM pg_constraint"
                + " WHERE contype = 'f' AND conrelid <> confrelid")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (tables.containsKey(rs.getLong(1)) && tables.containsKey(rs.getLong(2))) {
                        references.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                    }
                }
            }
        }
        List<Long> ordered = new ArrayList<>(tables.keySet());
        ordered.sort(Comparator.comparing(relid -> name.apply(tables.get(relid))));
        List<T> out = new ArrayList<>();
        Set<Long> placed = new HashSet<>();
        for (Long relid : ordered) {
            place(relid, tables, references, placed, new HashSet<>(), out);
        }
        return out;
    }

    private static <T> void place(Long relid, Map<Long, T> tables, Map<Long, Set<Long>> references,
                                  Set<Long> placed, Set<Long> visiting, List<T> out) {
        if (placed.contains(relid) || !visiting.add(relid)) {
            return;
        }
        for (Long referenced : references.getOrDefault(relid, Set.of())) {
            place(referenced, tables, references, placed, visiting, out);
        }
        placed.add(relid);
        out.add(tables.get(relid));
    }
}
