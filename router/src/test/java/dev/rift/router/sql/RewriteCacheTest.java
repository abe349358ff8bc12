package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import static dev.rift.router.sql.Fixture.ACCOUNTS;
import static dev.rift.router.sql.Fixture.LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class RewriteCacheTest {
    private final StatementRouter router = new StatementRouter();
    private final RewriteCache cache = new RewriteCache(router);
    private final Fixture.Session session = new Fixture.Session().changed(ACCOUNTS);

    @Test
    void aRepeatedStatementIsParsedOnceAndGetsTheSameDecision() {
        Decision first = cache.decide("SELECT * FROM accounts WHERE id = 1", session);
        Decision second = cache.decide("SELECT * FROM accounts WHERE id = 1", session);
        cache.decide("SELECT * FROM accounts WHERE id = 1", session);
        assertEquals(1, router.parseCount());
        assertSame(first, second);
    }

    @Test
    void aWriteThatGivesTheBranchANewVersionIsStillParsedOnlyOnce() {
        long before = session.state().version();
        cache.decide("UPDATE ledger SET amount = 0 WHERE seq = 1", session);
        assertEquals(before + 1, session.state().version(), "the ledger entered the layer");
        cache.decide("UPDATE ledger SET amount = 0 WHERE seq = 1", session);
        cache.decide("UPDATE ledger SET amount = 0 WHERE seq = 1", session);
        assertEquals(1, router.parseCount());
        assertEquals(1, session.overlay.prepareWrites());
    }

    @Test
    void aNewBranchVersionOrAnotherSearchPathOrProtocolIsANewDecision() {
        cache.decide("SELECT * FROM accounts", session);
        session.changed(LEDGER);
        cache.decide("SELECT * FROM accounts", session);
        session.searchPath("public");
        cache.decide("SELECT * FROM accounts", session);
        session.extended();
        cache.decide("SELECT * FROM accounts", session);
        assertEquals(4, router.parseCount());
    }

    @Test
    void theCachedLookupNeverDecidesAndFindsWhatDecideStored() {
        assertNull(cache.cached("SELECT * FROM accounts", session));
        Decision d = cache.decide("SELECT * FROM accounts", session);
        assertSame(d, cache.cached("SELECT * FROM accounts", session));
        assertEquals(1, router.parseCount());
    }

    @Test
    void anEngineRefusalIsNotCachedSoTheNextRunAsksTheEngineAgain() {
        cache.decide("DELETE FROM audit.entries", session);
        cache.decide("DELETE FROM audit.entries", session);
        assertEquals(2, session.overlay.prepareWrites());
    }
}
