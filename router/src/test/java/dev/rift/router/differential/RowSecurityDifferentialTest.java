package dev.rift.router.differential;

import java.util.List;

/**
 * Tables with row-level security, held whole with their policies (docs/overlay.md, the fallback), written and read
 * by the test cluster's superuser: it bypasses the policies on a copy, and its session role on a branch does too.
 * {@link RestrictedRowSecurityDifferentialTest} runs the same upstream as a role the policies restrict.
 */
class RowSecurityDifferentialTest extends DifferentialSuite {
    static final String CLERK = "rls_clerk";

    @Override
    List<String> files() {
        return List.of("row_security.sql");
    }

    @Override
    String[] upstreamExtras() {
        return new String[] {
            // Roles are the cluster's, shared by every suite: made once, never dropped with a database.
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rls_staff') THEN"
                    + " CREATE ROLE rls_staff NOLOGIN; END IF;"
                    + " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + CLERK + "') THEN"
                    + " CREATE ROLE " + CLERK + " LOGIN PASSWORD '" + CLERK + "' IN ROLE rls_staff; END IF; END $$",
            "CREATE TABLE notes (id serial PRIMARY KEY, tenant int NOT NULL, author text NOT NULL,"
                    + " body text NOT NULL, secret boolean NOT NULL DEFAULT false)",
            "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
            // The client's group, not the client itself: a session role stands for every role its client has.
            "CREATE POLICY notes_tenant ON notes TO rls_staff"
                    + " USING (tenant = nullif(current_setting('app.tenant', true), '')::int)"
                    + " WITH CHECK (tenant = nullif(current_setting('app.tenant', true), '')::int)",
            "CREATE POLICY notes_public_read ON notes FOR SELECT USING (NOT secret)",
            "CREATE POLICY notes_no_secret_edit ON notes AS RESTRICTIVE FOR UPDATE TO rls_staff USING (NOT secret)",
            // current_user in a policy is the client's name on a copy; on a branch the policy runs as the session role.
            "CREATE POLICY notes_own_delete ON notes AS RESTRICTIVE FOR DELETE TO rls_staff USING (author = current_user)",
            "INSERT INTO notes (tenant, author, body, secret) VALUES (1, 'ann', 'open one', false),"
                    + " (1, 'ann', 'closed one', true), (2, 'bob', 'open two', false), (2, 'bob', 'closed two', true),"
                    + " (3, 'cy', 'closed three', true)",
            "CREATE TABLE ledger (id int PRIMARY KEY, tenant int NOT NULL, amount int NOT NULL)",
            "ALTER TABLE ledger ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE ledger FORCE ROW LEVEL SECURITY",
            "CREATE POLICY ledger_tenant ON ledger AS PERMISSIVE FOR ALL TO rls_staff"
                    + " USING (tenant = nullif(current_setting('app.tenant', true), '')::int)",
            "CREATE POLICY ledger_insert ON ledger FOR INSERT TO rls_staff WITH CHECK (amount > 0)",
            "INSERT INTO ledger VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON notes, ledger TO rls_staff",
            "GRANT USAGE ON SEQUENCE notes_id_seq TO rls_staff"
        };
    }
}
