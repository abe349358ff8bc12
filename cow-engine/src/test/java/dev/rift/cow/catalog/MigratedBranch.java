package dev.rift.cow.catalog;

import dev.rift.cow.OverlayEngine;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One migration seen two ways: applied directly to a full copy of the upstream (the oracle), and applied to a branch
 * laid out in the upstream by hand exactly as docs/ddl.md stores it: the new objects in own schemas of the top layer
 * of a two-layer stack, the dropped table hidden. The catalog the branch shows must be the copy's.
 *
 * <p>The layout also holds what the branch must not show: a layer's data schema ({@code rift_l<n>_public}), the
 * own schema of a layer outside the stack, each with a table, a trigger of rift's on an own table, and the own schema
 * of the lower (frozen) layer: the snapshot the top layer's objects were copied from when a branch was made on it
 * (docs/ddl.md, "Branches of branches"), holding an older version of the migration's first part.
 */
final class MigratedBranch implements AutoCloseable {
    static final String UPSTREAM_SCHEMA = """
            CREATE TYPE status AS ENUM ('new', 'paid');
            CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE,
              name text DEFAULT 'anonymous', CONSTRAINT email_has_at CHECK (email LIKE '%@%'));
            CREATE TABLE orders (id bigserial PRIMARY KEY,
              customer_id int NOT NULL REFERENCES customers ON DELETE CASCADE,
              status status NOT NULL DEFAULT 'new', total numeric(10,2) CHECK (total >= 0));
            CREATE INDEX orders_customer ON orders (customer_id);
            CREATE TABLE legacy_notes (id serial PRIMARY KEY, body text, customer_id int REFERENCES customers);
            CREATE INDEX legacy_notes_body ON legacy_notes (body);
            COMMENT ON TABLE legacy_notes IS 'to be dropped';
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
            CREATE SEQUENCE invoice_numbers START 1000;
            COMMENT ON TABLE customers IS 'people who buy';
            COMMENT ON COLUMN customers.email IS 'where receipts go';
            CREATE SCHEMA "Sales";
            CREATE TABLE "Sales".regions (id int PRIMARY KEY, name text);
            """;

    /**
     * A part of the migration for a schema whose name needs quoting and is not on the search_path, so PostgreSQL
     * prints its objects qualified: on the branch it lands in the top layer's own schema {@code "rift_o<n>_Sales"}.
     */
    static final String MIGRATION_SALES = """
            CREATE TABLE targets (id serial PRIMARY KEY, region_id int REFERENCES regions, amount numeric);
            CREATE INDEX targets_region ON targets (region_id);
            """;

    /** The migration's first part: on the branch it lands in the top layer's own schema. */
    static final String MIGRATION_FIRST = """
            CREATE TYPE shipment_state AS ENUM ('packed', 'sent');
            CREATE SEQUENCE label_numbers START 5000 INCREMENT 5;
            """;

    /**
     * The lower layer's own objects: a snapshot the top layer started from, since changed there (the type has a
     * label more, the sequence other options, the table was dropped). The branch shows none of it.
     */
    static final String FROZEN_SNAPSHOT = """
            CREATE TYPE shipment_state AS ENUM ('packed');
            CREATE SEQUENCE label_numbers START 1;
            CREATE TABLE dropped_since (id int PRIMARY KEY);
            """;

    /** The migration's second part: on the branch it lands in the top layer's own schema. */
    static final String MIGRATION_SECOND = """
            CREATE TABLE shipments (id serial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders,
              state shipment_state NOT NULL DEFAULT 'packed', tracking text UNIQUE,
              weight_g int CONSTRAINT positive_weight CHECK (weight_g > 0),
              label int DEFAULT nextval('label_numbers'));
            CREATE INDEX shipments_order ON shipments (order_id);
            CREATE UNIQUE INDEX shipments_tracking_lower ON shipments (lower(tracking));
            CREATE TABLE parcels (shipment_id int REFERENCES shipments ON DELETE CASCADE, n int,
              PRIMARY KEY (shipment_id, n));
            CREATE VIEW open_shipments AS SELECT s.id, s.order_id FROM shipments s WHERE s.state = 'packed';
            COMMENT ON TABLE shipments IS 'what leaves the warehouse';
            COMMENT ON COLUMN shipments.tracking IS 'carrier tracking code';
            """;

    /** The migration's last statement, which the branch stores as a hidden relation. */
    static final String DROP = "DROP TABLE legacy_notes";

    final TestUpstream pg;
    final String upstreamDb;
    final String copyDb;
    final long lowerLayer;
    final long topLayer;
    final long outsideLayer;

    private MigratedBranch(TestUpstream pg, String upstreamDb, String copyDb, long lowerLayer, long topLayer,
                           long outsideLayer) {
        this.pg = pg;
        this.upstreamDb = upstreamDb;
        this.copyDb = copyDb;
        this.lowerLayer = lowerLayer;
        this.topLayer = topLayer;
        this.outsideLayer = outsideLayer;
    }

    static MigratedBranch create(TestUpstream pg) throws SQLException {
        String upstreamDb = pg.createDatabase();
        try (Connection c = pg.connect(upstreamDb); Statement s = c.createStatement()) {
            s.execute(UPSTREAM_SCHEMA);
        }
        String copyDb = pg.copyDatabase(upstreamDb);
        try (Connection c = pg.connect(copyDb); Statement s = c.createStatement()) {
            s.execute(MIGRATION_FIRST + MIGRATION_SECOND + DROP);
            s.execute("SET search_path = \"Sales\"");
            s.execute(MIGRATION_SALES);
        }
        try (OverlayEngine engine = OverlayEngine.open(UpstreamUrl.parse(pg.url(upstreamDb)))) {
            engine.install();
        }
        long lower;
        long top;
        long outside;
        try (Connection c = pg.connect(upstreamDb); Statement s = c.createStatement()) {
            lower = newLayer(s, "NULL");
            top = newLayer(s, Long.toString(lower));
            outside = newLayer(s, Long.toString(lower));
            String lowerOwn = ownSchema(s, lower);
            String topOwn = ownSchema(s, top);
            s.execute("SET search_path = " + lowerOwn + ", public");
            s.execute(FROZEN_SNAPSHOT);
            s.execute("SET search_path = " + topOwn + ", public");
            s.execute(MIGRATION_FIRST);
            s.execute(MIGRATION_SECOND);
            String topSales = ownSchema(s, top, "Sales");
            s.execute("SET search_path = " + topSales + ", \"Sales\"");
            s.execute(MIGRATION_SALES);
            s.execute("RESET search_path");
            s.execute("INSERT INTO rift.layer_hidden (layer_id, relid) VALUES (" + top + ", 'public.legacy_notes'::regclass)");
            // What no branch shows: rift's trigger on an own table, a layer's data schema, and the own schema of
            // a layer outside this branch's stack.
            s.execute("CREATE SCHEMA rift_l" + top);
            s.execute("CREATE FUNCTION rift_l" + top + ".k_check() RETURNS trigger LANGUAGE plpgsql "
                    + "AS $$BEGIN RETURN NEW; END$$");
            s.execute("CREATE TRIGGER rift_a_keys AFTER INSERT ON " + topOwn + ".shipments "
                    + "FOR EACH ROW EXECUTE FUNCTION rift_l" + top + ".k_check()");
            s.execute("CREATE SCHEMA rift_l" + top + "_public");
            s.execute("CREATE TABLE rift_l" + top + "_public.customers (LIKE public.customers INCLUDING ALL)");
            String outsideOwn = ownSchema(s, outside);
            s.execute("CREATE TABLE " + outsideOwn + ".ghosts (id int PRIMARY KEY REFERENCES public.customers)");
            s.execute("COMMENT ON TABLE " + outsideOwn + ".ghosts IS 'another branch''s table'");
        }
        return new MigratedBranch(pg, upstreamDb, copyDb, lower, top, outside);
    }

    private static long newLayer(Statement s, String below) throws SQLException {
        try (ResultSet rs = s.executeQuery("INSERT INTO rift.layers (below) VALUES (" + below + ") RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String ownSchema(Statement s, long layer) throws SQLException {
        return ownSchema(s, layer, "public");
    }

    /** Creates and registers the layer's own schema for {@code logical} and returns its quoted name. */
    private static String ownSchema(Statement s, long layer, String logical) throws SQLException {
        String schema = "rift_o" + layer + "_" + logical;
        s.execute("CREATE SCHEMA \"" + schema + "\"");
        // As for a layer's data schemas (docs/overlay.md): every role of the upstream may use a branch.
        s.execute("GRANT USAGE ON SCHEMA \"" + schema + "\" TO PUBLIC");
        s.execute("INSERT INTO rift.layer_schemas (layer_id, logical_schema, physical_schema) VALUES ("
                + layer + ", '" + logical + "', '" + schema + "')");
        return "\"" + schema + "\"";
    }

    /** The full copy with the migration applied. */
    Connection copy() throws SQLException {
        return pg.connect(copyDb);
    }

    /** The upstream as it is, with no stack set. */
    Connection upstream() throws SQLException {
        return pg.connect(upstreamDb);
    }

    /**
     * A session on the branch as the router sets it up: the stack in {@code rift.stack} and the physical expansion
     * of the default search_path with the top layer's own schemas ({@code "$user"} has no schema here, so only
     * {@code public} expands).
     */
    Connection branch() throws SQLException {
        Connection c = pg.connect(upstreamDb);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT set_config('rift.stack', '{" + topLayer + "," + lowerLayer + "}', false)");
            s.execute("SET search_path = \"$user\", rift_o" + topLayer + "_public, public");
        }
        return c;
    }

    @Override
    public void close() {
        pg.dropDatabase(copyDb);
        pg.dropDatabase(upstreamDb);
    }
}
