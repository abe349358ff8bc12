package dev.rift.router.escape;

import java.util.Locale;

/** The four roles every attack is tried as. Only the superuser and the tables' owner may read table secret. */
enum EscapeRole {
    SUPERUSER("SUPERUSER"),
    OWNER("NOSUPERUSER"),
    DEV("NOSUPERUSER"),
    READER("NOSUPERUSER");

    private final String attributes;

    EscapeRole(String superuser) {
        this.attributes = superuser + " NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT LOGIN CONNECTION LIMIT -1";
    }

    /** The name of this role in a run whose roles start with {@code prefix} (roles are the cluster's, not a database's). */
    String roleName(String prefix) {
        return prefix + "_" + name().toLowerCase(Locale.ROOT);
    }

    /** As on a full copy: the superuser and secret's owner may read it, the others may not. */
    boolean mayReadSecret() {
        return this == SUPERUSER || this == OWNER;
    }

    /** The role's attributes as the suite made it, for CREATE ROLE and for putting it back after an attack. */
    String attributes() {
        return attributes;
    }

    /** The placeholder attack files write for this role's name. */
    String placeholder() {
        return this == SUPERUSER ? "super" : name().toLowerCase(Locale.ROOT);
    }
}
