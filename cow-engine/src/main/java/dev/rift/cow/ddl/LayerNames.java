package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a layer's objects (docs/overlay.md, "Names"): {@code rift_l<n>} for rift's own objects,
 * {@code rift_l<n>_<schema>} for the layer's data tables and sequence copies under the upstream's own names.
 */
public record LayerNames(long layer) {
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final Pattern DATA_SCHEMA = Pattern.compile("rift_l[0-9]+_(.*)", Pattern.DOTALL);
    private static final Pattern OWN_SCHEMA = Pattern.compile("rift_o[0-9]+_(.*)", Pattern.DOTALL);
    private static final Pattern RIFT_SCHEMA = Pattern.compile(
            "rift|rift_catalog|rift_information_schema|rift_l[0-9]+(_.*)?|rift_[ov][0-9]+_.*", Pattern.DOTALL);

    /** {@code rift_l<n>}: shadows, merged views, copy-up and trigger functions. */
    public String ownSchema() {
        return "rift_l" + layer;
    }

    /**
     * {@code rift_l<n>_<schema>}, or, when that would be longer than PostgreSQL's 63-byte identifiers,
     * {@code rift_l<n>_h<16 hex digits of md5(schema)>}: the same for the same schema name, and never a user's name.
     */
    public String dataSchema(String upstreamSchema) {
        return perSchema(ownSchema(), upstreamSchema);
    }

    /**
     * {@code rift_v<n>_<schema>} (hashed like {@link #dataSchema} when too long): the layer's name views, one per
     * table it holds, under the table's own name, which the session's search_path puts before the upstream schema
     * so that code in the database (function bodies, DO blocks) finds the branch's rows (docs/overlay.md).
     */
    public String nameViewSchema(String upstreamSchema) {
        return perSchema("rift_v" + layer, upstreamSchema);
    }

    /** The layer's name view of an upstream table, quoted. */
    public String nameView(TableId table) {
        return Quote.ident(nameViewSchema(table.schema())) + "." + Quote.ident(table.name());
    }

    /** The INSTEAD OF trigger function that turns writes through a delta's name view into writes of the delta. */
    public String nameViewWriter(long relid) {
        return own("w_" + relid);
    }

    private static String perSchema(String prefix, String schema) {
        String plain = prefix + "_" + schema;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return plain;
        }
        return prefix + "_h" + md5(schema).substring(0, 16);
    }

    /**
     * {@code rift_o<n>_<schema>} (hashed like {@link #dataSchema} when too long): where the objects a branch creates
     * in its logical schema {@code schema} live (docs/ddl.md).
     */
    public String ownObjectSchema(String logicalSchema) {
        return perSchema("rift_o" + layer, logicalSchema);
    }

    /** The layer's data table (delta or copy) of an upstream table, quoted. */
    public String dataTable(TableId table) {
        return Quote.ident(dataSchema(table.schema())) + "." + Quote.ident(table.name());
    }

    /** The layer's copy of an upstream sequence, quoted. */
    public String sequenceCopy(TableId sequence) {
        return Quote.ident(dataSchema(sequence.schema())) + "." + Quote.ident(sequence.name());
    }

    public String shadow(long relid) {
        return own("s_" + relid);
    }

    /** {@code b_<relid>}: the base images, each row as the layer first copied it up (three-way merges). */
    public String base(long relid) {
        return own("b_" + relid);
    }

    public String merged(long relid) {
        return own("m_" + relid);
    }

    public String copyUp(long relid) {
        return own("cu_" + relid);
    }

    /** The function checking a delta's keys against the layer below and recording them in the shadow. */
    public String keyCheck(long relid) {
        return own("k_" + relid);
    }

    /** The function enforcing a foreign key on the referencing table's data table. */
    public String referencingCheck(long constraintOid) {
        return own("fc_" + constraintOid);
    }

    /** The function enforcing a foreign key's action on the referenced table's data table. */
    public String referencedAction(long constraintOid) {
        return own("fa_" + constraintOid);
    }

    /** The function refusing writes to a frozen layer. */
    public String frozenGuard() {
        return own("frozen");
    }

    private String own(String name) {
        return Quote.ident(ownSchema()) + "." + Quote.ident(name);
    }

    /** Whether a schema is rift's (its catalog or a layer's), never to be listed as the upstream's. */
    public static boolean isRiftSchema(String schema) {
        return RIFT_SCHEMA.matcher(schema).matches();
    }

    /**
     * The upstream schema a layer's data schema stands for ({@code rift_l7_public} → {@code public}), so that errors
     * raised by a data table's own constraints can name the user's schema. Empty for other schemas and for the
     * hashed form of long names.
     */
    public static Optional<String> upstreamSchemaOf(String schema) {
        Matcher m = DATA_SCHEMA.matcher(schema);
        if (!m.matches()) {
            m = OWN_SCHEMA.matcher(schema);
        }
        if (!m.matches() || m.group(1).matches("h[0-9a-f]{16}")) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
