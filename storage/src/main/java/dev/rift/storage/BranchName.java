package dev.rift.storage;

import java.util.regex.Pattern;

/**
 * A branch's name: {@code [a-z0-9][a-z0-9_-]{0,62}}, so it is always a valid, unquoted-safe
 * database name. It is still never spliced into SQL unquoted.
 */
public record BranchName(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public BranchName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid branch name \"" + value + "\": use 1 to 63 lowercase "
                    + "letters, digits, '_' or '-', starting with a letter or digit (e.g. pr-42)");
        }
    }

    public static boolean isValid(String s) {
        return s != null && VALID.matcher(s).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
