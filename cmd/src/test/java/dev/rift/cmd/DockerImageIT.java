package dev.rift.cmd;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The container image (Dockerfile at the root) built and run against the test upstream, as a CI service container
 * runs it: configured by environment only, as a non-root user, healthy once the control API answers /healthz, and
 * exiting 0 on docker stop. Skipped, with the reason, where no Docker engine answers.
 */
@ExtendWith(UpstreamExtension.class)
class DockerImageIT {
    private static final Logger log = LoggerFactory.getLogger(DockerImageIT.class);
    private static final String IMAGE = "rift-it:" + UUID.randomUUID().toString().substring(0, 8);

    private final List<String> containers = new ArrayList<>();

    /** Skips the test, saying why, unless a Docker engine answers. */
    private static void assumeDockerEngine() throws Exception {
        Docker info;
        try {
            info = docker("info", "--format", "{{.ServerVersion}}");
        } catch (IOException e) {
            skip("no docker CLI: " + e.getMessage());
            return;
        }
        if (info.exitCode() != 0) {
            skip("no Docker engine: `docker info` failed: " + info.output().strip().lines().reduce((a, b) -> b).orElse(""));
        }
    }

    private static void skip(String reason) {
        log.warn("DockerImageIT skipped: {}", reason);
        abort(reason);
    }

    @AfterEach
    void remove() throws Exception {
        for (String c : containers) {
            docker("rm", "-f", c);
        }
        docker("rmi", "-f", IMAGE);
    }

    @Test
    void theImageServesBranchesConfiguredByEnvironmentAsANonRootUserAndStopsCleanly(TestUpstream pg) throws Exception {
        assumeDockerEngine();
        String db = pg.createDatabase();
        try {
            runImage(pg, db);
        } finally {
            pg.dropDatabase(db);
        }
    }

    private void runImage(TestUpstream pg, String db) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY)");
            st.execute("INSERT INTO items VALUES (1), (2)");
        }
        Docker build = docker("build", "-t", IMAGE, RiftJar.root().toString());
        assertEquals(0, build.exitCode(), build.output());

        int port = FreePort.find();
        int http = FreePort.find();
        // Host networking: the container reaches the test upstream on the host's loopback, as the test does.
        String name = "rift-it-" + UUID.randomUUID().toString().substring(0, 8);
        Docker run = docker("run", "-d", "--name", name, "--network", "host",
                "-e", "RIFT_UPSTREAM=" + pg.url(db), "-e", "RIFT_LISTEN=127.0.0.1:" + port,
                "-e", "RIFT_HTTP=127.0.0.1:" + http, "-e", "RIFT_AUTO_CREATE=pr-[0-9]+", IMAGE);
        assertEquals(0, run.exitCode(), run.output());
        containers.add(name);

        awaitHealth(name, "healthy");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/pr-5",
                pg.user(), pg.password()); Statement st = c.createStatement(); ResultSet rs =
                     st.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertEquals(2, rs.getLong(1), "pr-5 created on connect and served");
        }
        assertNotEquals("0", docker("exec", name, "id", "-u").output().strip(), "rift does not run as root");

        Docker stop = docker("stop", "-t", "30", name);
        assertEquals(0, stop.exitCode(), stop.output());
        assertEquals("0", docker("inspect", "--format", "{{.State.ExitCode}}", name).output().strip(),
                "SIGTERM drains and exits 0: " + docker("logs", name).output());
    }

    private static void awaitHealth(String container, String wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String status = "";
        while (System.nanoTime() < deadline) {
            status = docker("inspect", "--format", "{{.State.Health.Status}}", container).output().strip();
            if (status.equals(wanted)) {
                return;
            }
            Thread.sleep(500); // docker reports health only when asked
        }
        fail("container " + container + " is " + status + ", not " + wanted + ": " + docker("logs", container).output());
    }

    record Docker(int exitCode, String output) {
    }

    private static Docker docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Docker(p.waitFor(), out);
    }
}
