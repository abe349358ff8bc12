package dev.rift.cli;

import dev.rift.cow.OverlayException;
import dev.rift.storage.catalog.CatalogException;
import picocli.CommandLine;

import java.sql.SQLException;
import picocli.CommandLine.Command;

/** The {@code rift} command: instant copy-on-write branches of a PostgreSQL database. */
@Command(name = "rift",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
                "Instant, copy-on-write branches of a PostgreSQL database.",
                "",
                "Clients connect to postgres://USER@HOST:6432/<branch>; the branch \"main\" is the upstream itself.",
                "The upstream is given by --upstream or the environment variable RIFT_UPSTREAM,",
                "e.g. postgres://app:secret@db.internal:5432/app?sslmode=require.",
                "Snapshot mode (each branch a filesystem clone run as its own postmaster): --pool or RIFT_POOL."
        },
        subcommands = {ServeCommand.class, InitCommand.class, CreateCommand.class, DeleteCommand.class, ResetCommand.class,
                ListCommand.class, StatusCommand.class, SchemaDiffCommand.class, DiffCommand.class, MergeCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class RiftCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // --- control API (docs/http.md): rift serve's token, and the server list/create/... talk to instead ---
    @CommandLine.Option(names = "--server", paramLabel = "URL", defaultValue = "${env:RIFT_SERVER}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Talk to a running rift serve's control API (e.g. http://127.0.0.1:6480) instead of the "
                    + "upstream: list, create, delete, reset, diff, schema-diff. Default: $RIFT_SERVER.")
    String server;

    @CommandLine.Option(names = "--http-token", paramLabel = "TOKEN", defaultValue = "${env:RIFT_HTTP_TOKEN}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Bearer token of the control API: the one rift serve requires, or the one --server sends. "
                    + "Default: $RIFT_HTTP_TOKEN.")
    String httpToken;

    /** The control API's URL when commands should go through a server, else null. */
    String server() {
        return server == null || server.isBlank() ? null : server.trim();
    }

    String httpToken() {
        return httpToken == null || httpToken.isBlank() ? null : httpToken;
    }

    /** The commands {@code --server} applies to; the others always work directly. */
    private static final java.util.Set<String> THROUGH_SERVER = java.util.Set.of("list", "create", "delete", "reset",
            "diff", "schema-diff");

    /** {@code --server} typed for a command that works directly is refused, not silently ignored. */
    private static void refuseServerWhereUnsupported(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        boolean given = parsed.hasMatchedOption("--server");
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            given |= leaf.hasMatchedOption("--server");
        }
        if (given && !THROUGH_SERVER.contains(leaf.commandSpec().name())) {
            throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), "rift "
                    + leaf.commandSpec().name() + " works on the upstream (or pool) directly; --server is for: "
                    + String.join(", ", new java.util.TreeSet<>(THROUGH_SERVER)));
        }
    }
    // --- end control API ---

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with rift's conventions: clear messages for bad input, exit codes 0/1/2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RiftCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parsed -> {
            refuseServerWhereUnsupported(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof OverlayException || ex instanceof CatalogException || ex instanceof SQLException
                    || ex instanceof dev.rift.storage.snapshot.SnapshotException
                    || ex instanceof dev.rift.storage.cluster.ExternalCommandException) {
                line.getErr().println("rift: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl;
    }
}
