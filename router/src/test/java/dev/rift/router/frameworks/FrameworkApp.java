package dev.rift.router.frameworks;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.ExternalCommandException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny application of another ecosystem's framework, under {@code src/test/resources/frameworks/<name>}, with one
 * scenario script taking a phase: {@code baseline} (its first migrations and seed rows, run on main) and {@code work}
 * (a new migration, CRUD, the framework's own introspection; printed). The runtimes are the distribution's (Debian's
 * python3-django, ruby-activerecord) or the app's own {@code npm ci}; the test skips an app whose runtime is missing.
 */
enum FrameworkApp {
    DJANGO("django", List.of("/usr/bin/python3", "scenario.py"),
            List.of("/usr/bin/python3", "-c", "import django, psycopg2"),
            "apt-get install python3-django python3-psycopg2"),
    ACTIVERECORD("activerecord", List.of("/usr/bin/ruby", "scenario.rb"),
            List.of("/usr/bin/ruby", "-e", "require 'active_record'; require 'pg'"),
            "apt-get install ruby-activerecord ruby-pg"),
    KNEX("knex", List.of("node", "scenario.js"),
            List.of("node", "-e", "require('knex'); require('pg')"),
            "install node and run `npm ci` in router/src/test/resources/frameworks/knex");

    private static final Path ROOT = Path.of("src", "test", "resources", "frameworks");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final String directory;
    private final List<String> scenario;
    private final List<String> probe;
    private final String install;

    FrameworkApp(String directory, List<String> scenario, List<String> probe, String install) {
        this.directory = directory;
        this.scenario = scenario;
        this.probe = probe;
        this.install = install;
    }

    /** Why the app cannot run here (its runtime or libraries are missing), or empty when it can. */
    Optional<String> missingRuntime() {
        try {
            ExternalCommand.Result r = ExternalCommand.of(probe).directory(dir()).timeout(Duration.ofMinutes(1))
                    .runAllowingFailure();
            if (r.succeeded()) {
                return Optional.empty();
            }
            // The line naming what is missing (python's and node's stack traces put it last or in the middle).
            String why = r.stderr().lines().filter(l -> l.contains("rror")).findFirst().orElse(r.stderr().strip());
            return Optional.of(this + "'s runtime is missing (" + install + "): " + why);
        } catch (ExternalCommandException e) {
            return Optional.of(this + "'s runtime is missing (" + install + "): " + e.getMessage());
        }
    }

    /** Runs the scenario's {@code phase} against the database libpq's variables in {@code connection} name. */
    ExternalCommand.Result run(String phase, Map<String, String> connection) {
        List<String> argv = new ArrayList<>(scenario);
        argv.add(phase);
        ExternalCommand command = ExternalCommand.of(argv).directory(dir()).timeout(TIMEOUT)
                .env("PYTHONDONTWRITEBYTECODE", "1");
        for (Map.Entry<String, String> e : connection.entrySet()) {
            command = command.env(e.getKey(), e.getValue());
        }
        return command.runAllowingFailure();
    }

    private Path dir() {
        return ROOT.resolve(directory).toAbsolutePath();
    }
}
