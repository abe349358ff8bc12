package dev.rift.storage.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL refuses to run as root: when the JVM is root, every PostgreSQL binary runs as the
 * {@code postgres} OS user (via {@code runuser}) and what it must write is given to that user.
 */
final class PostgresOsUser {

    static final String NAME = "postgres";

    /** Variables that would point a binary at some other cluster than the one on its command line. */
    private static final List<String> PG_ENV_TO_CLEAR = List.of("PGDATA", "PGPORT", "PGHOST", "PGHOSTADDR",
            "PGUSER", "PGDATABASE", "PGPASSWORD", "PGPASSFILE", "PGOPTIONS", "PGSERVICE", "PGSERVICEFILE",
            "PGSYSCONFDIR", "PGSSLMODE", "PGTZ", "PGCLIENTENCODING");

    private PostgresOsUser() {
    }

    /** A PostgreSQL binary invocation: as the postgres OS user when root, with PG* variables cleared. */
    static ExternalCommand command(List<String> argv, boolean asRoot, Duration timeout) {
        ExternalCommand c = ExternalCommand.of(argv).timeout(timeout).directory(Path.of("/"));
        for (String v : PG_ENV_TO_CLEAR) {
            c = c.withoutEnv(v);
        }
        return asRoot ? c.asUser(NAME) : c;
    }

    /** Fails clearly unless the postgres OS user can search and write {@code dir}. */
    static void checkCanWrite(Path dir) {
        ExternalCommand.Result r = ExternalCommand.of("test", "-x", dir.toString(), "-a", "-w", dir.toString())
                .directory(Path.of("/")).timeout(Duration.ofSeconds(20)).asUser(NAME).runAllowingFailure();
        if (!r.succeeded()) {
            throw new IllegalStateException("running as root, so PostgreSQL runs as OS user '" + NAME
                    + "', but that user cannot write to " + dir + " (every parent directory must be searchable "
                    + "by it, and the data directory must belong to it). Use a directory under /tmp, or make the "
                    + "parents searchable (chmod o+x) and chown the data directory to " + NAME + "."
                    + (r.stderr().isBlank() ? "" : "\n" + r.stderr().trim()));
        }
    }

    /** Gives {@code p} (not what a link points to) to the postgres user, and its group if there is one. */
    static void chown(Path p) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        try {
            user = lookup.lookupPrincipalByName(NAME);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("running as root, so PostgreSQL must run as OS user '"
                    + NAME + "', which does not exist. Create it (useradd --system --create-home "
                    + NAME + ") or install the postgresql package, which does.", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        try {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
            view.setGroup(group);
        } catch (UserPrincipalNotFoundException ignored) {
            // no postgres group: owner is enough
        }
    }
}
