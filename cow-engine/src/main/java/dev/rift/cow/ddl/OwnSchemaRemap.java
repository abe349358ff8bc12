package dev.rift.cow.ddl;

import dev.rift.cow.OverlayException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves the text of a definition that PostgreSQL printed (under an empty search_path, so every name is qualified)
 * from a frozen layer's own schemas to a new layer's: {@code rift_o7_public.t} becomes {@code rift_o9_public.t}.
 * A definition that still names a source schema afterwards (in a form this does not recognise) is refused rather
 * than copied bound to the frozen layer, whose objects the copy must never depend on.
 */
final class OwnSchemaRemap {
    /** Source physical schema → target physical schema. */
    private final Map<String, String> schemas;
    private final Map<Pattern, String> replacements = new LinkedHashMap<>();

    OwnSchemaRemap(Connection c, Map<String, String> schemas) throws SQLException {
        this.schemas = Map.copyOf(schemas);
        for (Map.Entry<String, String> e : schemas.entrySet()) {
            // PostgreSQL prints a schema with quote_ident: quoted only when it must be.
            String from = quoteIdent(c, e.getKey());
            String to = quoteIdent(c, e.getValue());
            replacements.put(Pattern.compile("(?<![A-Za-z0-9_$\"])" + Pattern.quote(from) + "(?=\\.)"),
                    Matcher.quoteReplacement(to));
        }
    }

    /** The target schema of a source schema. */
    String target(String sourceSchema) {
        return schemas.get(sourceSchema);
    }

    /** {@code text} with every qualified name in a source schema moved to its target schema. */
    String apply(String text, String what) {
        String out = text;
        for (Map.Entry<Pattern, String> r : replacements.entrySet()) {
            out = r.getKey().matcher(out).replaceAll(r.getValue());
        }
        for (String source : schemas.keySet()) {
            if (out.contains(source)) {
                throw new OverlayException("0A000", "cannot copy " + what + " to the new branch: its definition"
                        + " names the frozen layer's schema in a way rift cannot move (" + text + ")");
            }
        }
        if (Pattern.compile("(?<![A-Za-z0-9_$])\"?rift_l[0-9]+").matcher(out).find()) {
            throw new OverlayException("0A000", "cannot copy " + what + " to the new branch: its definition reads"
                    + " rift's layer data (" + text + ")");
        }
        return out;
    }

    static String quoteIdent(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
