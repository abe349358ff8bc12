package dev.rift.router.sql;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading decisions in tests. */
final class Decisions {
    private Decisions() {}

    /** The text of a decision that rewrote a statement into one visible statement and nothing else. */
    static String rewrittenTo(Decision d) {
        List<Decision.Part> parts = assertInstanceOf(Decision.Rewritten.class, d, d::toString).parts();
        assertEquals(1, parts.size(), d::toString);
        assertTrue(!parts.get(0).hidden(), d::toString);
        return parts.get(0).sql();
    }

    static List<Decision.Part> parts(Decision d) {
        return assertInstanceOf(Decision.Rewritten.class, d, d::toString).parts();
    }

    static Decision.Refused refused(Decision d) {
        return assertInstanceOf(Decision.Refused.class, d, d::toString);
    }

    static void assertRefused(String sqlState, String messagePart, Decision d) {
        Decision.Refused r = refused(d);
        assertEquals(sqlState, r.sqlState(), d::toString);
        assertTrue(r.message().contains(messagePart), () -> "message \"" + r.message() + "\" lacks \"" + messagePart + "\"");
    }

    static void assertPassesThrough(Decision d) {
        assertInstanceOf(Decision.PassThrough.class, d, d::toString);
    }
}
