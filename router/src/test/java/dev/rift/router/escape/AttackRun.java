package dev.rift.router.escape;

import dev.rift.router.escape.Attack.Protocol;
import dev.rift.router.escape.Attack.Target;
import dev.rift.router.escape.WireSession.Reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One attack as one role over one protocol, and what it got away with: a change to anything {@link Fingerprint}
 * covers, a file the server wrote, a secret value among the bytes the session received, or a session rift left
 * unusable. Statements failing is fine (that is the safe outcome); an attack that changed something leaves the world
 * rebuilt for the next one.
 */
final class AttackRun {
    private final EscapeWorld world;

    AttackRun(EscapeWorld world) {
        this.world = world;
    }

    /** The violations, empty when the attack achieved nothing; {@code transcript} gets each statement's reply. */
    List<String> run(Attack attack, Target target, EscapeRole role, Protocol protocol, List<String> transcript)
            throws Exception {
        List<String> timing = new ArrayList<>();
        long t0 = System.nanoTime();
        String database = switch (target) {
            case BRANCH -> world.newBranch();
            case MAIN -> "main";
            case VICTIM -> EscapeWorld.VICTIM;
            case RIFT -> "rift";
        };
        timing.add("branch " + (System.nanoTime() - t0) / 1_000_000);
        Path probe = world.newProbe();
        List<String> violations = new ArrayList<>();
        byte[] received = new byte[0];
        try (WireSession s = world.open(database, role)) {
            timing.add("open " + (System.nanoTime() - t0) / 1_000_000);
            try {
                for (String statement : attack.statements()) {
                    String sql = world.fill(statement, role, probe);
                    Reply r = execute(s, sql, protocol, attack.copyData());
                    transcript.add(sql + "\n    => " + r.summary());
                    if (attack.expect() != null && r.errors().stream().noneMatch(e -> e.sqlState().equals(attack.expect()))) {
                        violations.add("expected SQLSTATE " + attack.expect() + " from: " + sql);
                    }
                }
                if (s.status() != 'I') {
                    s.query("ROLLBACK");
                }
                if (!s.query("SELECT 1").firstColumn().equals(List.of("1"))) {
                    violations.add("the session does not answer SELECT 1 after the attack");
                }
            } catch (IOException e) {
                violations.add("the session broke: " + e);
            }
            received = s.received();
            timing.add("statements " + (System.nanoTime() - t0) / 1_000_000);
        }
        long checked = System.nanoTime();
        try {
            Fingerprint after = world.fingerprint();
            List<String> changed = world.baseline().differences(after);
            if (!changed.isEmpty()) {
                violations.add("changed " + changed.size() + " things it may not:\n      " + String.join("\n      ", changed));
                world.repair(world.baseline().changedKeys(after));
            }
        } catch (java.sql.SQLException e) {
            violations.add("left the upstream so that it cannot even be checked: " + e.getMessage());
            world.repair(Set.of("everything"));
        }
        timing.add("fingerprint and repair " + (System.nanoTime() - checked) / 1_000_000 + " ms");
        System.out.println(attack.name() + " as " + role + " on " + target + " (" + protocol + "): " + timing + "\n    "
                + String.join("\n    ", transcript));
        if (Files.exists(probe)) {
            violations.add("the server wrote " + probe + ": " + Files.readString(probe).strip());
        }
        if (!role.mayReadSecret()) {
            int at = indexOf(received, EscapeWorld.MARKER.getBytes(StandardCharsets.US_ASCII));
            if (at >= 0) {
                violations.add("received a value of table secret, which " + role + " may not read: …"
                        + WireSession.printable(Arrays.copyOfRange(received, Math.max(0, at - 40), Math.min(received.length, at + 40)))
                        + "…");
            }
        }
        return violations;
    }

    private Reply execute(WireSession s, String sql, Protocol protocol, String copyData) throws Exception {
        if (sql.startsWith("\\fcall ")) {
            String[] parts = sql.substring(7).split("\\|");
            int oid = world.functionOid(parts[0].trim());
            List<String> args = Arrays.stream(parts).skip(1).map(String::trim).toList();
            return s.functionCall(oid, args);
        }
        return protocol == Protocol.SIMPLE ? s.query(sql, copyData) : s.extended(sql);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
