package dev.rift.storage.catalog;

import java.time.OffsetDateTime;

/**
 * A row of {@code rift.branches}.
 *
 * @param parent   the branch it was created from, or null when it was created from {@code main} (the upstream)
 * @param mode     {@code overlay} (the only mode the catalog stores today)
 * @param topLayer the layer the branch writes to
 * @param version  replaced by a larger one on every change of the branch's shape; never repeats, even across
 *                 branches deleted and created again under the same name, so cached states can be told apart
 */
public record BranchRecord(String name, String parent, String mode, long topLayer, OffsetDateTime createdAt,
                           long version) {
}
