package dev.rift.router.proxy;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.testing.TestUpstream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A libpq-based PostgreSQL program (psql, pgbench) pointed at an {@link Endpoint}: host, port,
 * user and database on the command line, the password in {@code PGPASSWORD}, and every other
 * {@code PG*} variable of the test's own environment removed so both sides run alike.
 */
public record CommandLineClient(Path program) {

    private static final List<String> INHERITED_PG_ENV = List.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER",
            "PGDATABASE", "PGPASSFILE", "PGOPTIONS", "PGSERVICE", "PGSERVICEFILE", "PGSSLMODE", "PGCONNECT_TIMEOUT", "PGTZ", "PGCLIENTENCODING", "PGDATESTYLE");

    public static CommandLineClient psql(TestUpstream upstream) {
        return new CommandLineClient(binaries(upstream).psql());
    }

    public static CommandLineClient pgbench(TestUpstream upstream) {
        return new CommandLineClient(binaries(upstream).pgbench());
    }

    /** Runs the program with {@code arguments} followed by the connection options for {@code endpoint}. */
    public ExternalCommand.Result run(Endpoint endpoint, Duration timeout, String... arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("-h", endpoint.host(), "-p", Integer.toString(endpoint.port()),
                "-U", endpoint.user(), endpoint.database()));
        ExternalCommand command = ExternalCommand.of(argv).timeout(timeout)
                .env("PGPASSWORD", endpoint.password())
                .env("PGAPPNAME", program.getFileName() + "-" + endpoint.label());
        for (String name : INHERITED_PG_ENV) {
            command = command.withoutEnv(name);
        }
        return command.runAllowingFailure();
    }

    private static PgBinaries binaries(TestUpstream upstream) {
        return upstream.binaries() != null ? upstream.binaries() : PgBinaries.locate();
    }
}
