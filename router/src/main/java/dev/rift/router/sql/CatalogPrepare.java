package dev.rift.router.sql;

import dev.rift.cow.catalog.CatalogRedirects;
import dev.rift.router.sql.Token.Kind;

import java.util.Set;

/**
 * SQL-level {@code PREPARE} and {@code EXECUTE} on a branch, for statements that read only the catalog (pg_dump
 * prepares a dozen such). A prepared statement is planned once and run later, when the branch's tables may have
 * changed, so rift cannot prepare one that reads a user's table; a catalog read is redirected like any other
 * statement (its views read the branch's state when run), and so it runs as written. Anything else stays refused.
 */
final class CatalogPrepare {
    /** pg_catalog relations not redirected that a catalog read may name unqualified (pg_catalog comes first). */
    private static final Set<String> OTHER_CATALOG = Set.of("pg_aggregate", "pg_am", "pg_amop", "pg_amproc", "pg_authid",
            "pg_cast", "pg_collation", "pg_conversion", "pg_enum", "pg_extension", "pg_foreign_data_wrapper",
            "pg_foreign_server", "pg_foreign_table", "pg_init_privs", "pg_language", "pg_opclass", "pg_operator",
            "pg_opfamily", "pg_publication", "pg_range", "pg_roles", "pg_seclabel", "pg_shdescription",
            "pg_subscription", "pg_tablespace", "pg_transform", "pg_ts_config", "pg_ts_dict", "pg_ts_parser",
            "pg_ts_template", "pg_user_mapping");
    /** Words that make a statement more than a read of the catalog. */
    private static final Set<String> NOT_A_READ = Set.of("insert", "update", "delete", "merge", "into", "nextval",
            "setval", "currval", "lastval");

    private CatalogPrepare() {}

    static StatementPlan prepare(Tokens t) {
        int as = t.find(1, t.size(), 0, "as");
        if (as < 0 || !(t.is(as + 1, "select") || t.is(as + 1, "with")) || !readsOnlyCatalog(t)) {
            throw Refusal.unsupported("PREPARE (SQL-level prepared statements) of a statement that reads more than "
                    + "the catalog is not supported on overlay branches yet; use the extended query protocol");
        }
        return StatementPlan.fixed(Rendering.passThrough());
    }

    /** EXECUTE runs what {@link #prepare} let through; its arguments are values, which must not move a sequence. */
    static StatementPlan execute(Tokens t) {
        if (!readsOnlyCatalog(t)) {
            throw Refusal.unsupported("EXECUTE (SQL-level prepared statements) with arguments that write or use a "
                    + "sequence is not supported on overlay branches yet; use the extended query protocol");
        }
        return StatementPlan.fixed(Rendering.passThrough());
    }

    private static boolean readsOnlyCatalog(Tokens t) {
        for (Token tok : t.all()) {
            if (tok.kind() == Kind.IDENT && NOT_A_READ.contains(tok.value())) {
                return false;
            }
        }
        for (int i : RelationMentions.find(t)) {
            NameChain name = NameChain.at(t, i);
            String relation = name.parts().get(name.parts().size() - 1);
            boolean catalog = name.parts().size() == 2 && "pg_catalog".equals(name.parts().get(0))
                    || name.parts().size() == 1 && (CatalogRedirects.PG_CATALOG_RELATIONS.contains(relation)
                    || OTHER_CATALOG.contains(relation));
            if (!catalog) {
                return false;
            }
        }
        return true;
    }
}
