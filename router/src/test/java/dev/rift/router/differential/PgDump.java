package dev.rift.router.differential;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.PgBinaries;

import java.time.Duration;
import java.util.List;

/**
 * {@code pg_dump --schema-only} of a database, as its lines: what a tool that dumps a branch's schema gets. The
 * database's own name is written as {@code <database>}, so that a branch's dump and a copy's compare.
 */
final class PgDump {
    private PgDump() {}

    /** One database to dump: where it is and who dumps it. */
    record Target(String host, int port, String database, String user, String password) {}

    static List<String> schemaOnly(Target t) {
        ExternalCommand.Result r = ExternalCommand.of(PgBinaries.locate().binary("pg_dump").toString(),
                        "--schema-only", "--no-password", "-h", t.host(), "-p", String.valueOf(t.port()), "-U", t.user(),
                        t.database())
                .env("PGPASSWORD", t.password()).env("PGSSLMODE", "disable").timeout(Duration.ofMinutes(2))
                .runAllowingFailure();
        if (r.exitCode() != 0) {
            throw new AssertionError("pg_dump of " + t.database() + " failed (exit " + r.exitCode() + "): " + r.stderr());
        }
        return r.stdout().replace(t.database(), "<database>").lines().toList();
    }
}
