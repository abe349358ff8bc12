package dev.rift.storage.snapshot;

import dev.rift.storage.BranchName;

/**
 * Volume names follow the branch-name rule ({@link BranchName}: 1 to 63 of {@code [a-z0-9_-]},
 * starting with a letter or digit), so they can never contain a path separator, {@code ..}, a zfs
 * {@code @} or anything a shell or a dataset name would read specially. Drivers build paths and
 * dataset names only from names that passed {@link #requireValid(String)}.
 */
public final class VolumeNames {

    /** The volume holding the main instance's data directory; branches are cloned from it. */
    public static final String MAIN = "main";

    private VolumeNames() {
    }

    public static boolean isValid(String name) {
        return BranchName.isValid(name);
    }

    /** Returns {@code name} if valid; otherwise throws {@link IllegalArgumentException}. */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid volume name \"" + name + "\": use 1 to 63 lowercase "
                    + "letters, digits, '_' or '-', starting with a letter or digit (e.g. " + MAIN + " or pr-42)");
        }
        return name;
    }
}
