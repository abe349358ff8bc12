package dev.rift.router;

import dev.rift.storage.BranchName;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Provisioning on connect ({@code rift serve --auto-create REGEX}): a client connecting to a branch
 * that does not exist gets it created from main, if its name is a valid branch name and matches
 * the whole pattern. Off by default; {@code main} and {@code rift} are never created.
 */
public record AutoCreate(Pattern allowed) {

    public static final AutoCreate OFF = new AutoCreate(null);

    /** {@code --auto-create REGEX}; null or blank turns it off. */
    public static AutoCreate of(String regex) {
        if (regex == null || regex.isBlank()) {
            return OFF;
        }
        try {
            return new AutoCreate(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid --auto-create pattern: " + e.getMessage());
        }
    }

    public boolean allows(String branch) {
        return allowed != null && BranchName.isValid(branch) && !BranchDirectory.MAIN.equals(branch)
                && !"rift".equals(branch) && allowed.matcher(branch).matches();
    }

    public Optional<Pattern> pattern() {
        return Optional.ofNullable(allowed);
    }
}
