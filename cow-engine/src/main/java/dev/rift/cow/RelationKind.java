package dev.rift.cow;

/** What an upstream relation is (pg_class.relkind), as far as a branch cares. */
public enum RelationKind {
    TABLE, PARTITIONED_TABLE, VIEW, MATERIALIZED_VIEW, FOREIGN_TABLE, SEQUENCE, INDEX, OTHER;

    public static RelationKind of(char relkind) {
        return switch (relkind) {
            case 'r' -> TABLE;
            case 'p' -> PARTITIONED_TABLE;
            case 'v' -> VIEW;
            case 'm' -> MATERIALIZED_VIEW;
            case 'f' -> FOREIGN_TABLE;
            case 'S' -> SEQUENCE;
            case 'i', 'I' -> INDEX;
            default -> OTHER;
        };
    }
}
