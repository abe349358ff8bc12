package dev.rift.cow.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The privilege tests information_schema's views filter their rows with, as the copies in
 * {@code rift_information_schema} take them: a branch session runs as a session role that may only read the upstream
 * (docs/security.md), so PostgreSQL's tests would hide what the client sees on a copy (the constraints, keys and
 * triggers of every upstream table it may write or owns: Sequelize's foreign keys of a table came back empty). Each
 * wrapper passes when the session role passes (the branch's own objects are its) or the client's role does (the
 * upstream's objects keep their owners and grants on a copy). The copies call these unqualified and so bind to them;
 * clients' own calls are not redirected. has_sequence_privilege stays PostgreSQL's: pg_sequences reads a sequence's
 * position only where it passes.
 */
final class ClientPrivileges {
    private ClientPrivileges() {}

    /** Name and the argument types after the role argument (PostgreSQL's form with the role given first also exists). */
    private record Test(String name, List<String> args) {}

    private static final List<Test> TESTS = List.of(
            new Test("pg_has_role", List.of("oid", "text")),
            new Test("has_table_privilege", List.of("oid", "text")),
            new Test("has_any_column_privilege", List.of("oid", "text")),
            new Test("has_column_privilege", List.of("oid", "smallint", "text")),
            new Test("has_type_privilege", List.of("oid", "text")),
            new Test("has_function_privilege", List.of("oid", "text")));

    static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        for (Test t : TESTS) {
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= t.args().size(); i++) {
                params.add("$" + i);
            }
            String args = String.join(", ", params);
            // Plain SQL without STRICT, so PostgreSQL inlines it into the view's query.
            ddl.add("CREATE FUNCTION rift_catalog." + t.name() + "(" + String.join(", ", t.args()) + ") RETURNS boolean"
                    + " LANGUAGE sql STABLE AS $$ SELECT pg_catalog." + t.name() + "(" + args + ") OR pg_catalog."
                    + t.name() + "(rift_catalog.client_user(), " + args + ") $$");
        }
        return ddl;
    }
}
