package dev.rift.router.escape;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One attack of an attack file (router/src/test/resources/escape/*.attacks): what it is called, which finding of
 * issue 14 it belongs to, where it connects, as whom, over which protocol, and its statements (one per line, a
 * trailing backslash continues a line; each line is one Query, or one Parse/Bind/Execute).
 *
 * <pre>
 * -- attack: bump_balance
 * -- finding: 2
 * -- on: branch main           (branch: a fresh branch; main; victim: the branch a superuser worked on; rift)
 * -- as: superuser owner dev reader
 * -- protocol: simple extended
 * -- copy-data: what a COPY FROM STDIN reads
 * -- expect: 42501            (every statement must fail with this SQLSTATE: the attack proves that check refuses it)
 * SELECT bump_balance(8)
 * \fcall public.add_audit(text) | argument      (the protocol's FunctionCall, by the function's OID)
 * </pre>
 */
record Attack(String name, String finding, List<Target> targets, Set<EscapeRole> roles, List<Protocol> protocols,
              String copyData, String expect, List<String> statements) {

    enum Target { BRANCH, MAIN, VICTIM, RIFT }

    enum Protocol { SIMPLE, EXTENDED }

    static List<Attack> parse(String file, String text) {
        List<Attack> attacks = new ArrayList<>();
        Builder current = null;
        StringBuilder continued = null;
        for (String line : text.split("\n", -1)) {
            if (continued != null) {
                boolean more = line.endsWith("\\");
                continued.append('\n').append(more ? line.substring(0, line.length() - 1) : line);
                if (!more) {
                    current.statements.add(continued.toString());
                    continued = null;
                }
            } else if (line.startsWith("-- attack:")) {
                if (current != null) {
                    attacks.add(current.build());
                }
                current = new Builder(file + "/" + value(line));
            } else if (line.startsWith("-- ") && current != null && current.statements.isEmpty()
                    && line.matches("-- [a-z-]+:.*")) {
                current.header(line);
            } else if (line.isBlank() || line.startsWith("--")) {
                continue;
            } else if (current == null) {
                throw new IllegalArgumentException(file + ": a statement before the first '-- attack:' line: " + line);
            } else if (line.endsWith("\\")) {
                continued = new StringBuilder(line.substring(0, line.length() - 1));
            } else {
                current.statements.add(line);
            }
        }
        if (current != null) {
            attacks.add(current.build());
        }
        return attacks;
    }

    private static String value(String header) {
        return header.substring(header.indexOf(':') + 1).trim();
    }

    private static final class Builder {
        final String name;
        String finding = "-";
        List<Target> targets = List.of(Target.BRANCH);
        Set<EscapeRole> roles = EnumSet.allOf(EscapeRole.class);
        List<Protocol> protocols = List.of(Protocol.SIMPLE);
        String copyData;
        String expect;
        final List<String> statements = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        void header(String line) {
            String key = line.substring(3, line.indexOf(':'));
            String[] words = value(line).toUpperCase(Locale.ROOT).split("\\s+");
            switch (key) {
                case "finding" -> finding = value(line);
                case "on" -> targets = java.util.Arrays.stream(words).map(Target::valueOf).toList();
                case "as" -> {
                    roles = EnumSet.noneOf(EscapeRole.class);
                    for (String w : words) {
                        roles.add(EscapeRole.valueOf(w));
                    }
                }
                case "protocol" -> protocols = java.util.Arrays.stream(words).map(Protocol::valueOf).toList();
                case "copy-data" -> copyData = value(line) + "\n";
                case "expect" -> expect = value(line);
                default -> throw new IllegalArgumentException(name + ": unknown header " + line);
            }
        }

        Attack build() {
            if (statements.isEmpty()) {
                throw new IllegalArgumentException(name + " has no statements");
            }
            return new Attack(name, finding, targets, roles, protocols, copyData, expect, List.copyOf(statements));
        }
    }
}
