package dev.rift.storage.catalog;

/**
 * A row of {@code rift.layers}.
 *
 * @param below  the layer this one stands on, or null when it stands on the upstream itself
 * @param frozen whether the layer is read-only (a child branch was created on it)
 */
public record LayerRecord(long id, Long below, boolean frozen) {
}
