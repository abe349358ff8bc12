package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What DDL on a branch changed in its logical schema, as the session must see it until its transaction ends
 * (rift's own connection sees only committed changes): relations made own, own relations gone, upstream relations
 * hidden.
 */
public record DdlEffects(Map<TableId, RelationKind> created, Set<TableId> removed, Set<TableId> hidden) {
    public static final DdlEffects NONE = new DdlEffects(Map.of(), Set.of(), Set.of());

    public DdlEffects {
        created = Map.copyOf(created);
        removed = Set.copyOf(removed);
        hidden = Set.copyOf(hidden);
    }

    public boolean isEmpty() {
        return created.isEmpty() && removed.isEmpty() && hidden.isEmpty();
    }

    /** These effects followed by {@code later}'s. */
    public DdlEffects then(DdlEffects later) {
        if (later.isEmpty()) {
            return this;
        }
        Map<TableId, RelationKind> c = new HashMap<>(created);
        Set<TableId> r = new HashSet<>(removed);
        Set<TableId> h = new HashSet<>(hidden);
        later.removed.forEach(id -> {
            c.remove(id);
            r.add(id);
        });
        later.created.forEach((id, kind) -> {
            c.put(id, kind);
            r.remove(id);
        });
        h.addAll(later.hidden);
        return new DdlEffects(c, r, h);
    }
}
