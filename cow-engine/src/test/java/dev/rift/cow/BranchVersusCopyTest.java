package dev.rift.cow;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;

/**
 * The lifecycle of a differential test class: one upstream with the class's {@link #schema()} and its full copy (the
 * oracle), checked unchanged at the end; each test on a new branch, with a {@link Differential} against the oracle
 * rolled back after it.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BranchVersusCopyTest {
    EngineFixture fixture;
    String branch;
    Differential both;

    /** The upstream's schema and rows, run before the oracle is copied. */
    abstract String schema();

    @BeforeAll
    void upstream(TestUpstream pg) throws SQLException {
        fixture = EngineFixture.withOracle(pg, schema());
    }

    @AfterAll
    void upstreamUnchanged() throws SQLException {
        fixture.close();
    }

    @BeforeEach
    void newBranch() throws SQLException {
        branch = fixture.newBranch();
        both = new Differential(fixture, branch);
    }

    @AfterEach
    void rollBackOracle() throws SQLException {
        both.close();
    }
}
