package dev.rift.router.differential;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.PgBinaries;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code pg_dump --schema-only} of a database, as its lines: what a tool that dumps a branch's schema gets. The
 * database's own name is written as {@code <database>}, and the key of pg_dump's {@code \\restrict} and
 * {@code \\unrestrict} lines (15.14+: a random key per run, which keeps a dumped object from running psql
 * meta-commands on restore) as {@code <key>}, so that a branch's dump and a copy's compare.
 */
final class PgDump {
    private PgDump() {}

    private static final Pattern RESTRICT_KEY = Pattern.compile("^(\\\\(?:un)?restrict )[A-Za-z0-9]+$");

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
        return r.stdout().replace(t.database(), "<database>").lines()
                .map(l -> RESTRICT_KEY.matcher(l).replaceFirst("$1<key>")).toList();
    }
}
