package dev.rift.cow;

import java.util.List;

/**
 * An upstream type that DDL on a branch changes, as the statement names it: the logical schemas it may be in (the
 * one it is qualified with, or the session's search_path, in order) and its name.
 */
public record TypeName(List<String> schemas, String name) {
    public TypeName {
        schemas = List.copyOf(schemas);
    }
}
