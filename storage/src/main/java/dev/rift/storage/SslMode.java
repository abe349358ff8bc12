package dev.rift.storage;

import java.util.Locale;

/** libpq's sslmode values, as honoured for rift's connections to the upstream. */
public enum SslMode {
    DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    public static SslMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid sslmode \"" + s
                    + "\": expected disable, allow, prefer, require, verify-ca or verify-full");
        }
    }

    /** Whether rift asks the server for TLS at all. */
    public boolean requestsTls() {
        return this != DISABLE && this != ALLOW;
    }

    /** Whether a server that refuses TLS is an error. */
    public boolean requiresTls() {
        return this == REQUIRE || this == VERIFY_CA || this == VERIFY_FULL;
    }

    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
