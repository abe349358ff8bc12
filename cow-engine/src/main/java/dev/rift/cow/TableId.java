package dev.rift.cow;

/** An upstream relation by its schema and name, as PostgreSQL stores them (case preserved, unquoted). */
public record TableId(String schema, String name) {
    /** The relation as SQL text, both parts quoted. */
    public String sql() {
        return Quote.ident(schema) + "." + Quote.ident(name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
