package dev.rift.cow.diff;

/** Rows inserted, deleted and updated, counted as they stream past (one table, or a total). */
public final class DiffCounts {
    private long inserted;
    private long deleted;
    private long updated;

    public long inserted() {
        return inserted;
    }

    public long deleted() {
        return deleted;
    }

    public long updated() {
        return updated;
    }

    public void add(RowChange change) {
        switch (change.kind()) {
            case INSERTED -> inserted++;
            case DELETED -> deleted++;
            case UPDATED -> updated++;
        }
    }

    public void add(DiffCounts other) {
        inserted += other.inserted;
        deleted += other.deleted;
        updated += other.updated;
    }

    public boolean isEmpty() {
        return inserted + deleted + updated == 0;
    }

    @Override
    public String toString() {
        return inserted + " inserted, " + deleted + " deleted, " + updated + " updated";
    }
}
