package dev.rift.router.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rift's internal names as they could show in what a branch sends a client: {@code rift_}-prefixed identifiers (layer
 * schemas rift_l12 and rift_l12_public, own schemas rift_o3_public, name views rift_v, rift_catalog, session roles
 * rift_db_role_hash, hidden statements __rift_n), rift's settings ({@code rift.stack}) and merged views
 * ({@code m_16399}). A full copy shows none of them.
 *
 * <p>Not internal: the names the test harness itself picked, which start with {@code rift_} too: its login role and
 * its databases ({@code rift_t_} and 16 hex digits). They are the client's own names; a copy shows them as well.
 */
final class InternalNames {
    private static final Pattern NAME = Pattern.compile(
            "(?i)(?<![a-z0-9_$])(?:(?:__)?rift_[a-z0-9_$]*|rift\\.[a-z_][a-z0-9_.]*|m_\\d{3,}(?![a-z0-9_$]))");
    private static final Pattern HARNESS_DATABASE = Pattern.compile("rift_t_[0-9a-f]{16}");

    private final String clientRole;

    InternalNames(String clientRole) {
        this.clientRole = clientRole;
    }

    /** The internal names in {@code text}, in order of appearance. */
    List<String> in(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            String name = m.group();
            if (!name.equals(clientRole) && !HARNESS_DATABASE.matcher(name).matches()) {
                out.add(name);
            }
        }
        return out;
    }
}
