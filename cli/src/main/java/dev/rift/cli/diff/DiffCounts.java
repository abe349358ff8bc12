package dev.rift.cli.diff;

import dev.rift.cow.diff.RowChange;

/** Rows inserted, deleted and updated, counted as they stream past. */
final class DiffCounts {
    long inserted;
    long deleted;
    long updated;

    void add(RowChange change) {
        switch (change.kind()) {
            case INSERTED -> inserted++;
            case DELETED -> deleted++;
            case UPDATED -> updated++;
        }
    }

    void add(DiffCounts other) {
        inserted += other.inserted;
        deleted += other.deleted;
        updated += other.updated;
    }

    boolean isEmpty() {
        return inserted + deleted + updated == 0;
    }

    @Override
    public String toString() {
        return inserted + " inserted, " + deleted + " deleted, " + updated + " updated";
    }
}
