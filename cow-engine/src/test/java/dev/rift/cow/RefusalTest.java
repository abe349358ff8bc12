package dev.rift.cow;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables the overlay cannot represent faithfully are refused with 0A000, naming the table and the reason. */
@ExtendWith(UpstreamExtension.class)
class RefusalTest {
    private static final String SCHEMA = """
            CREATE TABLE measurements (id integer, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE cities (id integer PRIMARY KEY, name text);
            CREATE TABLE capitals (country text) INHERITS (cities);
            CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TABLE audited (id integer PRIMARY KEY);
            CREATE TRIGGER audited_keep BEFORE INSERT ON audited FOR EACH ROW EXECUTE FUNCTION keep();
            CREATE TABLE ruled (id integer PRIMARY KEY);
            CREATE RULE ruled_notify AS ON INSERT TO ruled DO ALSO NOTIFY ruled;
            CREATE TABLE secured (id integer PRIMARY KEY);
            ALTER TABLE secured ENABLE ROW LEVEL SECURITY;
            CREATE FOREIGN DATA WRAPPER nowhere;
            CREATE SERVER nowhere FOREIGN DATA WRAPPER nowhere;
            CREATE FOREIGN TABLE remote (id integer) SERVER nowhere;
            CREATE TABLE bookings (id integer PRIMARY KEY, during int4range, EXCLUDE USING gist (during WITH &&));
            CREATE TABLE lowered (id integer PRIMARY KEY, email text);
            CREATE UNIQUE INDEX lowered_email ON lowered (lower(email));
            CREATE TABLE owners (id integer PRIMARY KEY);
            CREATE TABLE owned (id integer PRIMARY KEY, owner_id integer REFERENCES owners ON DELETE CASCADE);
            CREATE TRIGGER owned_keep BEFORE INSERT ON owned FOR EACH ROW EXECUTE FUNCTION keep();
            """;

    private static EngineFixture fixture;

    @BeforeAll
    static void upstream(TestUpstream pg) throws SQLException {
        fixture = EngineFixture.start(pg, SCHEMA);
    }

    @AfterAll
    static void upstreamUnchanged() throws SQLException {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "measurements, partitioned table",
            "measurements_2024, partition of a partitioned table",
            "cities, other tables inherit from it",
            "capitals, inherits from another table",
            "audited, user triggers",
            "ruled, rules",
            "secured, row-level security",
            "remote, foreign table",
            "bookings, exclusion constraint \"bookings_during_excl\"",
            "lowered, unique index \"lowered_email\" is on expressions",
            "owners, \"public.owned\""})
    void aTableTheOverlayCannotRepresentIsRefusedWith0A000AndLeavesNothingBehind(String table, String reason)
            throws SQLException {
        String branch = fixture.newBranch();
        OverlayException e = assertThrows(OverlayException.class,
                () -> fixture.engine.prepareWrite(branch, BranchStatements.table(table)));
        assertEquals("0A000", e.sqlState());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(fixture.engine.state(branch).isEmpty());
        try (Connection c = fixture.connect()) {
            assertEquals(List.of(List.of("0")), Outcomes.inTransaction(c, List.of("SELECT count(*) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname ~ '^rift_l'")).rows());
        }
    }

    @Test
    void aMissingTableIs42P01AndASequenceNameThatIsATableIs42809() {
        String branch = fixture.newBranch();
        assertEquals("42P01", assertThrows(OverlayException.class,
                () -> fixture.engine.prepareWrite(branch, BranchStatements.table("no_such_table"))).sqlState());
        assertEquals("42809", assertThrows(OverlayException.class,
                () -> fixture.engine.prepareSequence(branch, BranchStatements.table("owners"))).sqlState());
    }
}
