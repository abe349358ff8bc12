package dev.rift.cow;

import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.upstream.PgUpstreamCatalog;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Name resolution against the upstream, as PostgreSQL resolves names. */
@ExtendWith(UpstreamExtension.class)
class PgUpstreamCatalogTest {
    private static final String SCHEMA = """
            CREATE SCHEMA app;
            CREATE TABLE app.users (id integer PRIMARY KEY);
            CREATE TABLE public.users (id integer PRIMARY KEY);
            CREATE TABLE public.pg_class (x integer);
            CREATE VIEW app.active AS SELECT * FROM app.users;
            CREATE VIEW public.report AS SELECT a.id FROM app.active a JOIN public.users u USING (id);
            CREATE MATERIALIZED VIEW public.counts AS SELECT count(*) FROM public.users;
            CREATE SEQUENCE public.tickets;
            """;

    private static EngineFixture fixture;
    private static OverlayEngine engine;
    private static PgUpstreamCatalog catalog;

    @BeforeAll
    static void upstream(TestUpstream pg) throws SQLException {
        fixture = EngineFixture.start(pg, SCHEMA);
        engine = fixture.engine;
        catalog = engine.catalog();
    }

    @AfterAll
    static void upstreamUnchanged() throws SQLException {
        fixture.close();
    }

    @Test
    void unqualifiedNamesResolveInSearchPathOrder() {
        assertEquals(Optional.of(new TableId("app", "users")), catalog.resolve(List.of("app", "public"), null, "users"));
        assertEquals(Optional.of(new TableId("public", "users")), catalog.resolve(List.of("public", "app"), null, "users"));
        assertEquals(Optional.empty(), catalog.resolve(List.of("nowhere"), null, "users"));
        assertEquals(Optional.empty(), catalog.resolve(List.of("public"), null, "active"));
    }

    @Test
    void pgCatalogIsSearchedFirstUnlessThePathPlacesIt() {
        assertEquals(Optional.of(new TableId("pg_catalog", "pg_class")),
                catalog.resolve(List.of("public"), null, "pg_class"));
        assertEquals(Optional.of(new TableId("public", "pg_class")),
                catalog.resolve(List.of("public", "pg_catalog"), null, "pg_class"));
    }

    @Test
    void qualifiedNamesResolveOnlyInTheirSchema() {
        assertEquals(Optional.of(new TableId("app", "active")), catalog.resolve(List.of("public"), "app", "active"));
        assertEquals(Optional.empty(), catalog.resolve(List.of("app"), "public", "active"));
    }

    @Test
    void kindsFollowPgClass() {
        assertEquals(RelationKind.TABLE, catalog.kind(new TableId("app", "users")));
        assertEquals(RelationKind.VIEW, catalog.kind(new TableId("public", "report")));
        assertEquals(RelationKind.MATERIALIZED_VIEW, catalog.kind(new TableId("public", "counts")));
        assertEquals(RelationKind.SEQUENCE, catalog.kind(new TableId("public", "tickets")));
        assertEquals(RelationKind.OTHER, catalog.kind(new TableId("public", "missing")));
    }

    @Test
    void riftsOwnSchemasNeverResolve() {
        engine.createBranch("resolver", null);
        engine.prepareWrite("resolver", new TableId("app", "users"));
        catalog.refresh();
        String dataSchema = new LayerNames(engine.branchCatalog().branch("resolver").orElseThrow().topLayer())
                .dataSchema("app");
        assertEquals(Optional.empty(), catalog.resolve(List.of(dataSchema), null, "users"));
        assertEquals(Optional.empty(), catalog.resolve(List.of(), dataSchema, "users"));
        assertEquals(Optional.empty(), catalog.resolve(List.of("rift"), null, "branches"));
        assertEquals(Optional.of(new TableId("app", "users")), catalog.resolve(List.of("app"), null, "users"));
    }

    @Test
    void aViewsTablesAreFoundThroughOtherViews() {
        assertEquals(List.of(new TableId("app", "users"), new TableId("public", "users")),
                catalog.viewDependencies(new TableId("public", "report")));
    }
}
