package dev.rift.router.differential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named list of statements run one by one on a branch and on a full copy. Scenario files hold
 * many: a line {@code -- scenario: NAME} starts one; each statement ends with a line that ends in
 * {@code ;} (so statements may span lines; dollar-quoted bodies are not used in scenario files).
 */
record Scenario(String file, String name, List<String> statements) {

    @Override
    public String toString() {
        return file + ": " + name;
    }

    /** Whether PostgreSQL promises the order of this statement's rows (a top-level ORDER BY). */
    static boolean isOrdered(String sql) {
        String s = sql.toLowerCase(Locale.ROOT);
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && s.startsWith("order by", i)) {
                return true;
            }
        }
        return false;
    }

    static List<Scenario> load(String resource) throws IOException {
        List<Scenario> out = new ArrayList<>();
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no scenario file " + resource);
            }
            String name = null;
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("-- scenario:")) {
                    if (name != null) {
                        out.add(new Scenario(resource, name, List.copyOf(statements)));
                    }
                    name = trimmed.substring("-- scenario:".length()).strip();
                    statements.clear();
                    current.setLength(0);
                    continue;
                }
                if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String sql = current.toString().strip();
                    statements.add(sql.substring(0, sql.length() - 1));
                    current.setLength(0);
                }
            }
            if (name != null) {
                out.add(new Scenario(resource, name, List.copyOf(statements)));
            }
        }
        return out;
    }
}
