package dev.rift.cow.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the router redirects on an overlay branch (docs/ddl.md, "The catalog a branch shows"): every name here exists
 * in {@code rift_catalog} or {@code rift_information_schema} once {@link CatalogViews#install} has run.
 */
public final class CatalogRedirects {
    private CatalogRedirects() {}

    /** Schema of the views and functions that replace pg_catalog's. */
    public static final String CATALOG_SCHEMA = "rift_catalog";

    /** What stands for {@code current_user}, {@code session_user}, {@code current_role} and {@code user} on a branch. */
    public static final String CLIENT_USER = "rift_catalog.client_user()";

    /** What stands for the keyword {@code current_catalog} on a branch: the branch's name (docs/ddl.md). */
    public static final String CURRENT_CATALOG = "rift_catalog.current_catalog()";

    /** Schema of the views that replace information_schema's. */
    public static final String INFORMATION_SCHEMA = "rift_information_schema";

    /**
     * Prefix of the names under which the router prepares its hidden statements on a branch session; the branch's
     * {@code pg_prepared_statements} leaves them out.
     */
    public static final String HIDDEN_STATEMENT_PREFIX = "__rift_";

    /** pg_catalog's views copied to read rift_catalog's tables, in creation order. */
    static final List<String> DERIVED_PG_CATALOG_VIEWS =
            List.of("pg_tables", "pg_indexes", "pg_views", "pg_sequences", "pg_matviews", "pg_policies");

    /**
     * information_schema's views copied, in creation order: a view comes after the views it reads
     * ({@code element_types} reads {@code data_type_privileges}, which reads five others).
     */
    static final List<String> INFORMATION_SCHEMA_VIEWS = List.of(
            "information_schema_catalog_name", "schemata", "tables", "columns", "views", "table_constraints", "key_column_usage",
            "referential_constraints", "sequences", "check_constraints", "constraint_column_usage",
            "constraint_table_usage", "triggers", "attributes", "domains", "domain_constraints", "parameters",
            "routines", "data_type_privileges", "element_types");

    /** pg_catalog relations (tables and views) whose references go to {@code rift_catalog}. */
    public static final Set<String> PG_CATALOG_RELATIONS = pgCatalogRelations();

    /**
     * The redirected pg_catalog relations that are tables there, and so have the system column {@code tableoid}; a
     * reference to it becomes a call of {@link #TABLE_OID} with the table's name.
     */
    public static final Set<String> PG_CATALOG_TABLES = pgCatalogTables();

    /** What gives a pg_catalog table's oid under the column name {@code tableoid}, given the table's name. */
    public static final String TABLE_OID = "rift_catalog.tableoid";

    /** information_schema relations whose references go to {@code rift_information_schema}. */
    public static final Set<String> INFORMATION_SCHEMA_RELATIONS = Set.copyOf(INFORMATION_SCHEMA_VIEWS);

    /** pg_catalog functions whose calls go to {@code rift_catalog}'s wrapper of the same name (every overload). */
    public static final Set<String> FUNCTIONS = functions();

    /** The reg* types whose casts of a literal or parameter go through {@code rift_catalog.rift_to_<type>}. */
    public static final Set<String> REG_TYPES = Set.copyOf(RegInputs.TYPES);

    private static Set<String> pgCatalogRelations() {
        List<String> names = new ArrayList<>();
        for (BaseViews.Spec spec : BaseViews.SPECS) {
            names.add(spec.table());
        }
        names.addAll(DERIVED_PG_CATALOG_VIEWS);
        return Set.copyOf(names);
    }

    private static Set<String> pgCatalogTables() {
        List<String> names = new ArrayList<>();
        for (BaseViews.Spec spec : BaseViews.SPECS) {
            if (!spec.table().equals("pg_prepared_statements")) {
                names.add(spec.table());
            }
        }
        return Set.copyOf(names);
    }

    private static Set<String> functions() {
        Set<String> names = new LinkedHashSet<>();
        for (TextWrappers.Wrapped w : TextWrappers.WRAPPED) {
            names.add(w.name());
        }
        names.addAll(TextWrappers.OTHERS);
        names.addAll(RegInputs.toFunctions());
        names.addAll(SequencePositions.FUNCTIONS);
        names.addAll(DatabaseName.FUNCTIONS);
        return Set.copyOf(names);
    }
}
