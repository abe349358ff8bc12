package dev.rift.cow.ddl;

import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The types a frozen layer's own schemas hold, made again in a new layer's (see {@link OwnObjectCopy}): enums with
 * their labels in order, composite types, domains with their defaults and constraints. Range and base types are
 * refused (0A000). In creation order, so a type comes after the types it is made of.
 */
final class OwnTypeCopy {
    private final Connection c;
    private final OwnSchemaRemap remap;

    OwnTypeCopy(Connection c, OwnSchemaRemap remap) {
        this.c = c;
        this.remap = remap;
    }

    /** A type of a source schema; {@code owner} is null when it is rift's own role. */
    private record Type(long oid, String schema, String name, String kind, long relid, String comment, String owner) {
    }

    void types(Array schemas, Map<String, String> logicalOf, List<String> sql) throws SQLException {
        for (Type t : read(schemas)) {
            String what = "type " + logicalOf.get(t.schema()) + "." + t.name();
            String copy = Quote.ident(remap.target(t.schema())) + "." + Quote.ident(t.name());
            sql.add(definition(t.oid(), t.kind(), t.relid(), copy, what).orElseThrow(() -> new OverlayException(
                    "0A000", "cannot create a branch from a branch with its own " + what
                            + ": rift can copy enum, composite and domain types only")));
            if (t.comment() != null) {
                sql.add("COMMENT ON TYPE " + copy + " IS " + Quote.literal(t.comment()));
            }
            if (t.owner() != null) {
                sql.add("ALTER TYPE " + copy + " OWNER TO " + t.owner());
            }
        }
    }

    /** The CREATE statement of type {@code oid} named {@code copy}; empty for a kind rift cannot copy. */
    Optional<String> definition(long oid, String kind, long relid, String copy, String what) throws SQLException {
        return switch (kind) {
            case "e" -> Optional.of("CREATE TYPE " + copy + " AS ENUM (" + labels(oid) + ")");
            case "c" -> Optional.of("CREATE TYPE " + copy + " AS (" + attributes(relid, what) + ")");
            case "d" -> Optional.of(domain(oid, copy, what));
            default -> Optional.empty();
        };
    }

    /** Every type of the schemas but array types and the row types of tables, views and sequences. */
    private List<Type> read(Array schemas) throws SQLException {
        List<Type> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.oid, n.nspname, t.typname, t.typtype::text,"
                + " t.typrelid, obj_description(t.oid, 'pg_type'),"
                + " CASE WHEN pg_get_userbyid(t.typowner) <> current_user"
                + "      THEN quote_ident(pg_get_userbyid(t.typowner)) END"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_class k ON k.oid = t.typrelid"
                + " WHERE n.nspname = ANY (?) AND t.typcategory <> 'A' AND (t.typrelid = 0 OR k.relkind = 'c')"
                + " ORDER BY t.oid")) {
            ps.setArray(1, schemas);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Type(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    private String labels(long type) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder")) {
            ps.setLong(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Quote.literal(rs.getString(1)));
                }
            }
        }
        return String.join(", ", out);
    }

    private String attributes(long relid, String what) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                + " CASE WHEN a.attcollation <> t.typcollation"
                + "      THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                + " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Quote.ident(rs.getString(1)) + " " + remap.apply(rs.getString(2), what)
                            + (rs.getString(3) == null ? "" : " COLLATE " + rs.getString(3)));
                }
            }
        }
        return String.join(", ", out);
    }

    private String domain(long type, String copy, String what) throws SQLException {
        StringBuilder d = new StringBuilder("CREATE DOMAIN " + copy + " AS ");
        try (PreparedStatement ps = c.prepareStatement("SELECT format_type(t.typbasetype, t.typtypmod),"
                + " CASE WHEN t.typcollation <> b.typcollation"
                + "      THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,"
                + " t.typdefault, t.typnotnull FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype"
                + " LEFT JOIN pg_collation co ON co.oid = t.typcollation"
                + " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE t.oid = ?")) {
            ps.setLong(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                d.append(remap.apply(rs.getString(1), what));
                if (rs.getString(2) != null) {
                    d.append(" COLLATE ").append(rs.getString(2));
                }
                if (rs.getString(3) != null) {
                    d.append(" DEFAULT ").append(remap.apply(rs.getString(3), what));
                }
                if (rs.getBoolean(4)) {
                    d.append(" NOT NULL");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE contypid = ? AND contype = 'c' ORDER BY oid")) {
            ps.setLong(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    d.append(" CONSTRAINT ").append(Quote.ident(rs.getString(1))).append(' ')
                            .append(remap.apply(rs.getString(2), what));
                }
            }
        }
        return d.toString();
    }
}
