package dev.rift.storage.pool;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code rift init --mode snapshot} set up on a pool, and the branches made since: the
 * contents of the pool's state file ({@link PoolStateFile}). Whether a branch's postmaster runs is
 * not recorded here: its data directory's {@code postmaster.pid} is the truth, so a crash cannot
 * leave the two disagreeing.
 *
 * @param version    format version of the file
 * @param driver     snapshot driver name (btrfs, zfs, reflink, copy)
 * @param pool       the pool as given to the driver (a directory, or a zfs dataset)
 * @param database   the database a client lands in on every branch (the branch picks the cluster)
 * @param superuser  the cluster's superuser, used by rift over the Unix socket for CHECKPOINT
 * @param durability {@code durable} (PostgreSQL's defaults) or {@code fast} (fsync off, for tests)
 * @param branches   every branch by name, {@code main} included
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PoolState(int version, String driver, String pool, String database, String superuser,
                        String durability, Map<String, Branch> branches) {

    public static final int VERSION = 1;
    public static final String MAIN = "main";

    /**
     * @param parent  the branch it was cloned from; null for main
     * @param created when it was created (ISO-8601 instant)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Branch(String parent, String created) {
    }

    public PoolState {
        branches = new TreeMap<>(branches == null ? Map.of() : branches);
    }

    public Optional<Branch> branch(String name) {
        return Optional.ofNullable(branches.get(name));
    }

    public boolean has(String name) {
        return branches.containsKey(name);
    }

    public PoolState with(String name, Branch branch) {
        Map<String, Branch> b = new TreeMap<>(branches);
        b.put(name, branch);
        return new PoolState(version, driver, pool, database, superuser, durability, b);
    }

    public PoolState without(String name) {
        Map<String, Branch> b = new TreeMap<>(branches);
        b.remove(name);
        return new PoolState(version, driver, pool, database, superuser, durability, b);
    }

    public boolean fast() {
        return "fast".equals(durability);
    }
}
