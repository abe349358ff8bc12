package dev.rift.cow.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs {@code rift_catalog} and {@code rift_information_schema}, the catalog an overlay branch shows
 * (docs/ddl.md). Both schemas are dropped and created again on every installation, so a new rift replaces an old
 * rift's views whatever their columns were; the whole installation is one transaction under an advisory lock, so two
 * installers at once run one after the other and clients never see the schemas half made.
 */
public final class CatalogViews {
    private static final Logger log = LoggerFactory.getLogger(CatalogViews.class);

    /** Advisory lock key of this installation ('rift' 'cviw' in ASCII), distinct from every other lock rift takes. */
    private static final long INSTALL_LOCK = 0x72696674_63766977L;

    private CatalogViews() {}

    /** Installs the schemas on {@code c} (the {@code rift} schema must exist); leaves its auto-commit as it was. */
    public static void install(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_catalog.pg_advisory_xact_lock(" + INSTALL_LOCK + ")");
            List<String> ddl = new ArrayList<>();
            ddl.add("DROP SCHEMA IF EXISTS rift_catalog, rift_information_schema CASCADE");
            ddl.add("CREATE SCHEMA rift_catalog");
            ddl.add("CREATE SCHEMA rift_information_schema");
            ddl.addAll(Visibility.DDL);
            ddl.addAll(DatabaseName.DDL); // the pg_database view calls current_database()
            boolean superuser = superuser(s);
            if (superuser) {
                ddl.add("SET LOCAL allow_system_table_mods = on");
            }
            ddl.addAll(BaseViews.ddl(c, superuser));
            if (superuser) {
                ddl.add("SET LOCAL allow_system_table_mods = off");
            }
            ddl.addAll(TextWrappers.ddl());
            ddl.addAll(RegInputs.ddl());
            ddl.addAll(SequencePositions.DDL); // before the derived views: pg_sequences calls it
            ddl.addAll(ClientPrivileges.ddl()); // before the copies of information_schema, which bind to them
            run(s, ddl);
            DerivedViews.create(c);
            // For branch sessions only (their session roles are members of rift_branch), never PUBLIC; functions
            // are EXECUTE-able by PUBLIC when made, so that is taken back.
            run(s, List.of(
                    "REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA rift_catalog, rift_information_schema FROM PUBLIC",
                    "DO $d$BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rift_branch') THEN"
                            + " GRANT USAGE ON SCHEMA rift_catalog, rift_information_schema TO rift_branch;"
                            + " GRANT SELECT ON ALL TABLES IN SCHEMA rift_catalog, rift_information_schema TO rift_branch;"
                            + " GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA rift_catalog, rift_information_schema"
                            + " TO rift_branch; END IF; END$d$"));
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean superuser(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void run(Statement s, List<String> ddl) throws SQLException {
        for (String sql : ddl) {
            log.debug("{}", sql);
            try {
                s.execute(sql);
            } catch (SQLException e) {
                throw new SQLException(e.getMessage() + "\n  in rift's statement: " + sql, e.getSQLState(), e);
            }
        }
    }
}
