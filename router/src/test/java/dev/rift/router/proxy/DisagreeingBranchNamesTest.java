package dev.rift.router.proxy;

import dev.rift.router.AutoCreate;
import dev.rift.router.BranchDirectory;
import dev.rift.router.ProxyConfig;
import dev.rift.router.ProxyServer;
import dev.rift.router.RiftServer;
import dev.rift.router.Route;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that names its branch twice, in the user name ({@code user@branch}) and as the database: the same branch
 * twice is served; two different branches are refused with 28000 naming both, never silently served one of them; a
 * database that names no branch (the upstream's own name, {@code postgres}) leaves the user name's branch in charge.
 * Two branches here are two upstream databases, so {@code current_database()} tells which one served.
 */
@ExtendWith(UpstreamExtension.class)
class DisagreeingBranchNamesTest {
    private static final String OTHER = "b2";

    private static TestUpstream pg;
    private static String mainDb;
    private static String otherDb;
    private static ProxyServer rift;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        mainDb = pg.createDatabase();
        otherDb = pg.createDatabase();
        UpstreamUrl url = UpstreamUrl.parse(pg.url());
        Map<String, Route> routes = Map.of(BranchDirectory.MAIN, Route.relay(BranchDirectory.MAIN, url.withDatabase(mainDb)),
                OTHER, Route.relay(OTHER, url.withDatabase(otherDb)));
        rift = ProxyServer.start(ProxyConfig.of("127.0.0.1", 0, url.withDatabase(mainDb)), new BranchDirectory() {
            @Override
            public CompletionStage<Optional<Route>> route(String branch) {
                return CompletableFuture.completedFuture(Optional.ofNullable(routes.get(branch)));
            }

            @Override
            public CompletionStage<Boolean> serves(String database) {
                return CompletableFuture.completedFuture(routes.containsKey(database));
            }
        });
    }

    @AfterAll
    static void stop() {
        if (rift != null) {
            rift.close();
        }
        pg.dropDatabase(mainDb);
        pg.dropDatabase(otherDb);
    }

    /** The same rule where branches live in rift's catalog (rift serve in overlay mode): nothing is created to check. */
    @Test
    void anOverlayServerRefusesTwoOfItsBranchesAndServesTheUserNamesBranchBesideAnythingElse() throws Exception {
        String db = pg.createDatabase();
        try (RiftServer overlay = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))),
                AutoCreate.of("auto-[0-9]+"))) {
            overlay.engine().install();
            overlay.engine().createBranch("b1", null);
            overlay.engine().createBranch("b2", null);
            String user = pg.user() + "@b1";
            for (String other : List.of("b2", "main", "rift", "auto-1")) {
                Endpoint endpoint = new Endpoint("overlay", "127.0.0.1", overlay.port(), other, user, pg.password());
                SQLException refused = assertThrows(SQLException.class, () -> endpoint.connect().close(), other);
                assertEquals("28000", refused.getSQLState(), other + ": " + refused.getMessage());
            }
            assertTrue(overlay.engine().branchCatalog().branch("auto-1").isEmpty(), "checking a name created nothing");
            for (String database : List.of("b1", db, "postgres", "auto")) {
                Endpoint endpoint = new Endpoint("overlay", "127.0.0.1", overlay.port(), database, user, pg.password());
                try (Connection c = endpoint.connect()) {
                    assertEquals(1, Results.query(c, "SELECT 1").rows().size(), database);
                }
            }
        } finally {
            pg.dropDatabase(db);
        }
    }

    private static Endpoint through(String user, String database) {
        return new Endpoint("disagreeing", "127.0.0.1", rift.port(), database, user, pg.password());
    }

    private static String servedDatabase(Endpoint endpoint) throws SQLException {
        try (Connection c = endpoint.connect()) {
            return (String) Results.query(c, "SELECT current_database()").rows().get(0).get(0);
        }
    }

    @Test
    void twoDifferentBranchesAreRefusedWith28000NamingBoth() throws Exception {
        for (List<String> names : List.of(List.of(BranchDirectory.MAIN, OTHER), List.of(OTHER, BranchDirectory.MAIN))) {
            String user = pg.user() + "@" + names.get(0);
            SQLException refused = assertThrows(SQLException.class,
                    () -> through(user, names.get(1)).connect().close(), "user " + user + ", database " + names.get(1));
            SqlError error = SqlError.of(refused);
            assertEquals(List.of("FATAL", "28000"), List.of(error.severity(), error.sqlState()), error.toString());
            assertEquals("user name \"" + user + "\" names branch \"" + names.get(0) + "\" but database \""
                    + names.get(1) + "\" names another", error.message());
        }
        assertEquals(mainDb, servedDatabase(through(pg.user(), BranchDirectory.MAIN)), "rift still serves others");
    }

    @Test
    void theSameBranchTwiceIsServed() throws Exception {
        assertEquals(otherDb, servedDatabase(through(pg.user() + "@" + OTHER, OTHER)));
    }

    @Test
    void aDatabaseThatNamesNoBranchLeavesTheUserNamesBranchInCharge() throws Exception {
        assertEquals(otherDb, servedDatabase(through(pg.user() + "@" + OTHER, "postgres")), "a database of the server");
        assertEquals(otherDb, servedDatabase(through(pg.user() + "@" + OTHER, mainDb)), "the upstream's own name");
        assertEquals(otherDb, servedDatabase(through(pg.user() + "@" + OTHER, "nope")), "a name that is no branch");
    }

    @Test
    void theUpstreamDatabaseOfTheUserNamesBranchIsNoDisagreement() throws Exception {
        assertTrue(otherDb.matches("[a-z0-9][a-z0-9_-]*"), "the test's database name is a valid branch name: " + otherDb);
        assertEquals(otherDb, servedDatabase(through(pg.user() + "@" + OTHER, otherDb)));
    }
}
