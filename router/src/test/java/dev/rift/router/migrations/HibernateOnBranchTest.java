package dev.rift.router.migrations;

import dev.rift.router.migrations.ShopEntities.Customer;
import dev.rift.router.migrations.ShopEntities.Order;
import dev.rift.router.migrations.ShopEntities.Shipment;
import dev.rift.router.migrations.ShopEntities.ShipmentState;
import dev.rift.router.migrations.ShopEntities.Supplier;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application's ORM starts against a migrated branch as against a migrated full copy: Hibernate validates its
 * entities ({@code hbm2ddl.auto=validate}) against the catalog, then reads and writes through them.
 */
class HibernateOnBranchTest extends MigrationAcceptance {

    @Override
    void migrate(String jdbcUrl) {
        Flyway.configure().dataSource(jdbcUrl, targets.pg.user(), targets.pg.password())
                .locations("classpath:migrations/flyway").baselineOnMigrate(true).baselineVersion("0")
                .cleanDisabled(true).load().migrate();
    }

    @Override
    Set<String> bookkeepingTables() {
        return Set.of("public.flyway_schema_history");
    }

    /** A session factory that refuses to start unless every entity matches the schema. */
    private SessionFactory validated(String jdbcUrl) {
        Configuration cfg = new Configuration();
        ShopEntities.all().forEach(cfg::addAnnotatedClass);
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_URL, jdbcUrl);
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_USER, targets.pg.user());
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_PASSWORD, targets.pg.password());
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
        cfg.setProperty(AvailableSettings.POOL_SIZE, "2");
        return cfg.buildSessionFactory();
    }

    @Test
    void hibernateValidatesTheEntitiesAgainstTheMigratedBranch() {
        validated(targets.copyUrl()).close(); // the entities do match the migrated schema
        requireBranchMigrated();
        validated(targets.branchUrl()).close();
    }

    @Test
    void hibernateRefusesTheEntitiesOnABranchMadeBeforeTheMigration() {
        // Also shows that validate does check: the bystander branch still has the upstream's schema.
        SchemaManagementException e = assertThrows(SchemaManagementException.class,
                () -> validated(targets.bystanderUrl()).close());
        assertTrue(e.getMessage().contains("missing table") || e.getMessage().contains("missing column"), e::getMessage);
    }

    @Test
    void hibernateReadsAndWritesTheMigratedBranchAsTheCopy() {
        requireBranchMigrated();
        assertEquals(readAndWrite(targets.copyUrl()), readAndWrite(targets.branchUrl()));
    }

    /** A little of what the application does: a supplier, a shipment, and a query over the migrated columns. */
    private List<String> readAndWrite(String jdbcUrl) {
        try (SessionFactory sf = validated(jdbcUrl)) {
            sf.inTransaction(s -> {
                Supplier supplier = new Supplier();
                supplier.name = "Supplier from the app";
                supplier.country = "NL";
                supplier.createdAt = OffsetDateTime.of(2024, 7, 1, 0, 0, 0, 0, ZoneOffset.UTC);
                s.persist(supplier);
                Shipment shipment = new Shipment();
                shipment.order = s.getReference(Order.class, 1L);
                shipment.state = ShipmentState.pending;
                s.persist(shipment);
                Customer c = s.find(Customer.class, 10);
                c.loyaltyPoints += 5;
            });
            return sf.fromTransaction(s -> {
                List<String> out = new ArrayList<>();
                s.createSelectionQuery("select c.id, c.loyaltyPoints, r.id from Customer c left join c.referredBy r"
                                + " where c.id <= 30 order by c.id", Object[].class).getResultList()
                        .forEach(r -> out.add(Arrays.toString(r)));
                s.createSelectionQuery("select s.state, count(s) from Shipment s group by s.state order by s.state",
                        Object[].class).getResultList().forEach(r -> out.add(Arrays.toString(r)));
                s.createSelectionQuery("select s.id, s.name, s.country from Supplier s order by s.id", Object[].class)
                        .getResultList().forEach(r -> out.add(Arrays.toString(r)));
                s.createSelectionQuery("select o.channel, count(o) from Order o where o.giftMessage is not null"
                        + " group by o.channel order by o.channel", Object[].class).getResultList()
                        .forEach(r -> out.add(Arrays.toString(r)));
                return out;
            });
        }
    }
}
