package dev.rift.router.sql;

import dev.rift.cow.MaterializationPlan;
import java.util.Optional;

import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;

import java.util.Map;

/**
 * What rendering a statement may consult: names and the branch state after the string's writes were prepared,
 * where those writes go, the branch's sequence copies, table definitions, the session roles a GRANT names (by client
 * role).
 */
record RenderContext(Resolver resolver, Map<TableId, WriteTarget> targets, Map<TableId, String> sequences,
                     TableShapes shapes, String branch, Optional<MaterializationPlan> materialization,
                     Map<String, String> sessionRoles) {

    WriteTarget target(TableId table) {
        WriteTarget w = targets.get(table);
        if (w == null) {
            throw new IllegalStateException("no write target prepared for " + table);
        }
        return w;
    }
}
