package dev.rift.router.escape;

import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random bytes in SQL on a branch (issue 14): batches of mutated statements ({@link SqlMutator}), each batch on a
 * fresh branch as one of the four roles, under a random client encoding and string settings, in the simple and the
 * extended protocol; after each batch, nothing the {@link Fingerprint} covers may have changed. Bounded by
 * {@code -Drift.fuzz.seconds} (default 20) and repeatable with {@code -Drift.fuzz.seed}; {@code
 * -Drift.fuzz.functions=false} leaves out calls of the upstream's writing functions (finding 2) to fuzz the lexer
 * alone.
 */
@ExtendWith({UpstreamExtension.class, EscapeWorldExtension.class})
class EscapeFuzzTest {
    private static final int BATCH = 20;

    private static EscapeWorld world;

    @BeforeAll
    static void start(EscapeWorld shared) {
        world = shared;
    }

    /** PostgreSQL's client-only encodings whose characters may contain an ASCII byte. */
    private static final java.util.Set<String> UNSAFE_ENCODINGS = java.util.Set.of("SJIS", "BIG5", "GBK");

    @Test
    void mutatedStatementsOnABranchNeverChangeTheUpstream() throws Exception {
        long seed = Long.getLong("rift.fuzz.seed", System.nanoTime());
        long seconds = Long.getLong("rift.fuzz.seconds", 20);
        boolean functions = Boolean.parseBoolean(System.getProperty("rift.fuzz.functions", "true"));
        Random random = new Random(seed);
        SqlMutator mutator = new SqlMutator(random, functions);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int batches = 0;
        int statements = 0;
        System.out.println("escape fuzz: seed " + seed + " (-Drift.fuzz.seed=" + seed + "), " + seconds + " s");
        while (System.nanoTime() < deadline) {
            EscapeRole role = EscapeRole.values()[random.nextInt(EscapeRole.values().length)];
            String encoding = mutator.encoding();
            List<String> sent = new ArrayList<>();
            try (WireSession s = world.open(world.newBranch(), role)) {
                sent.add("SET client_encoding = " + encoding);
                if (UNSAFE_ENCODINGS.contains(encoding)) {
                    // A character of these may end in a backslash: rift ends a branch session that asks for one
                    // (FATAL 0A000) rather than read its statements differently from the server.
                    assertThrows(IOException.class, () -> {
                        s.query("SET client_encoding = '" + encoding + "'");
                        s.query("SELECT 1");
                    }, "a branch session in " + encoding + " must end");
                    batches++;
                    continue;
                }
                s.query("SET client_encoding = '" + encoding + "'");
                for (int i = 0; i < BATCH; i++) {
                    String setting = mutator.setting();
                    if (setting != null) {
                        sent.add(setting);
                        s.query(setting);
                    }
                    byte[] sql = mutator.statement(encoding);
                    boolean extended = random.nextBoolean();
                    sent.add((extended ? "extended " : "simple ") + HexFormat.of().formatHex(sql) + "  -- "
                            + WireSession.printable(sql));
                    if (extended) {
                        s.extended(sql);
                    } else {
                        s.query(sql);
                    }
                    if (s.status() == 'E') {
                        s.query("ROLLBACK");
                    }
                    statements++;
                }
            } catch (IOException e) {
                fail("seed " + seed + ", batch " + batches + " as " + role + ": the session broke (" + e + ") after:\n  "
                        + String.join("\n  ", sent));
            }
            Fingerprint after = world.fingerprint();
            List<String> changed = world.baseline().differences(after);
            if (!changed.isEmpty()) {
                world.repair(world.baseline().changedKeys(after));
                fail("seed " + seed + " (-Drift.fuzz.seed=" + seed + "), batch " + batches + " as " + role + " in "
                        + encoding + " changed:\n  " + String.join("\n  ", changed) + "\nbatch:\n  "
                        + String.join("\n  ", sent));
            }
            batches++;
        }
        System.out.println("escape fuzz: seed " + seed + ": " + batches + " batches, " + statements + " statements, clean");
    }
}
