package dev.rift.cow.merge;

import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.diff.DiffPlanner;
import dev.rift.cow.diff.DiffSide;
import dev.rift.storage.catalog.LayerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables a merge touches: every table with keys in the branch's layers the target does not share, and every
 * table the branch created. Tables whose rows cannot be merged by key are refused (0A000) before anything runs.
 */
final class MergePlanner {
    private MergePlanner() {
    }

    static List<MergeTable> plan(Connection c, DiffSide branch, DiffSide target) throws SQLException {
        Set<Long> shared = new HashSet<>(branch.layerIds());
        shared.retainAll(target.layerIds());
        Map<Long, MergeTable> out = new java.util.HashMap<>();
        for (Map.Entry<TableId, DiffSide.Table> e : branch.tables().entrySet()) {
            TableId id = e.getKey();
            DiffSide.Table theirs = e.getValue();
            DiffSide.Table ours = target.tables().get(id);
            Set<String> generated = new HashSet<>();
            List<String> columns = DiffPlanner.columns(c, theirs.relid(), generated);
            List<String> keys = DiffPlanner.primaryKey(c, theirs.relid());
            if (ours == null) {
                out.put(theirs.relid(), new MergeTable(id, true, keys, columns, generated, List.of(), List.of(), null, null,
                        theirs.read()));
                continue;
            }
            List<LayerEntry> entries = branch.entriesOutside(shared, theirs.relid());
            if (theirs.own() && ours.own() && ours.relid() != theirs.relid()) {
                // A branch of a branch with DDL starts with a copy of its parent's own tables (docs/ddl.md).
                throw new OverlayException("0A000", "cannot merge table " + id + ": the branch and the target each"
                        + " hold their own copy of it (a table made or materialized by DDL, copied when the branch"
                        + " was made), and merging such tables is not supported yet");
            }
            if (theirs.own() && ours.relid() != theirs.relid()) {
                throw new OverlayException("0A000", "cannot merge table " + id + ": the branch changed its schema"
                        + " (it was materialized by DDL), and merging such tables is not supported yet");
            }
            if (entries.isEmpty()) {
                continue;
            }
            if (target.stack() != null && firesTriggers(c, ours.relid(), theirs.relid())) {
                // The target branch's session would fire them on the merged writes (docs/diff.md, "Triggers and merge").
                throw new OverlayException("0A000", "cannot merge table " + id + " into a branch: it has user"
                        + " triggers, which would fire again on the merged rows and apply their side effects twice;"
                        + " a merge into main applies the rows without firing them");
            }
            if (!DiffPlanner.columns(c, ours.relid(), new HashSet<>()).equals(columns)) {
                throw new OverlayException("0A000", "cannot merge table " + id + ": its columns differ between the"
                        + " branch and the target");
            }
            if (keys.isEmpty() || entries.stream().anyMatch(x -> x.kind() == LayerEntry.Kind.COPY)) {
                out.put(theirs.relid(), new MergeTable(id, false, List.of(), columns, generated, List.of(), List.of(),
                        below(branch, shared, theirs.relid(), id), ours.read(), theirs.read()));
                continue;
            }
            List<String> shadows = new ArrayList<>();
            List<String> bases = new ArrayList<>();
            for (LayerEntry x : entries) {
                LayerNames names = new LayerNames(x.layerId());
                shadows.add(names.shadow(x.relid()));
                if (exists(c, names.base(x.relid()))) {
                    bases.add(names.base(x.relid()));
                }
            }
            Collections.reverse(bases); // entries come top first; a key's base is its lowest layer's image
            out.put(theirs.relid(), new MergeTable(id, false, keys, columns, generated, shadows, bases, null, ours.read(),
                    theirs.read()));
        }
        return DiffPlanner.referencedFirst(c, out, t -> t.table().toString());
    }

    /**
     * The relation under the branch's unshared layers (its snapshot of the common ancestor; the live upstream when
     * the branch was made from main).
     */
    private static String below(DiffSide branch, Set<Long> shared, long relid, TableId id) {
        List<Long> layers = branch.layerIds();
        int firstShared = 0;
        while (firstShared < layers.size() && !shared.contains(layers.get(firstShared))) {
            firstShared++;
        }
        return branch.stack().topmostTable(relid, firstShared)
                .map(e -> new LayerNames(e.layerId()).merged(relid)).orElse(id.sql());
    }

    private static boolean firesTriggers(Connection c, long ours, long theirs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid"
                + " IN (?, ?) AND NOT tgisinternal AND tgenabled <> 'D' AND tgname NOT LIKE 'rift\\_%')")) {
            ps.setLong(1, ours);
            ps.setLong(2, theirs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean exists(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
