package dev.rift.cow.ddl;

import dev.rift.cow.TableId;
import dev.rift.storage.catalog.LayerEntry;

import java.util.Optional;

/** How one layer sees the relations around it, for the SQL generated into that layer. */
public interface LayerRelations {
    LayerNames names();

    /**
     * The merged relation of an upstream table as this layer sees it (quoted SQL): this layer's {@code m_<relid>} when
     * it has the table, else that of the nearest lower layer that has it, else the upstream table itself.
     */
    String mergedAt(long relid, TableId table);

    /** The merged relation of an upstream table just below this layer: the source of copy-ups and of copies. */
    String below(long relid, TableId table);

    /** How this layer holds the table (including tables being added in the same preparation), or empty. */
    Optional<LayerEntry.Kind> kind(long relid);
}
