package dev.rift.router.escape;

import dev.rift.router.escape.Attack.Protocol;
import dev.rift.router.escape.Attack.Target;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 14's acceptance: every attack of the attack files, as superuser, owner, writer and reader, must leave the
 * upstream, rift's own objects, the victim branch and the roles exactly as they were, write no file on the server,
 * and hand the attacker no value of a table its role may not read. A superuser on main (or on database rift) is the
 * upstream's own superuser: nothing there is rift's to refuse, so those combinations are not generated.
 */
@ExtendWith({UpstreamExtension.class, EscapeWorldExtension.class})
class UpstreamEscapeTest {
    /** The attack files under router/src/test/resources/escape/, by theme; -Drift.escape.files=a,b runs some. */
    private static final List<String> FILES = List.of("functions", "definitions", "privileges", "rift", "layers", "code",
            "triggers", "definer");

    private static EscapeWorld world;

    @BeforeAll
    static void start(EscapeWorld shared) {
        world = shared;
    }

    @TestFactory
    Stream<DynamicNode> attacks() {
        List<DynamicNode> files = new ArrayList<>();
        List<String> only = List.of(System.getProperty("rift.escape.files", String.join(",", FILES)).split(","));
        for (String file : only) {
            List<DynamicNode> attacks = new ArrayList<>();
            for (Attack a : Attack.parse(file, EscapeWorld.resource(file + ".attacks"))) {
                attacks.add(DynamicContainer.dynamicContainer(a.name() + " (finding " + a.finding() + ")",
                        runs(a).stream()));
            }
            files.add(DynamicContainer.dynamicContainer(file, attacks.stream()));
        }
        return files.stream();
    }

    private static List<DynamicNode> runs(Attack a) {
        List<DynamicNode> runs = new ArrayList<>();
        for (Target target : a.targets()) {
            for (EscapeRole role : a.roles()) {
                if (role == EscapeRole.SUPERUSER && (target == Target.MAIN || target == Target.RIFT)) {
                    continue;
                }
                for (Protocol protocol : a.protocols()) {
                    String name = lower(role) + " on " + lower(target) + (a.protocols().size() > 1 ? ", " + lower(protocol) : "");
                    runs.add(DynamicTest.dynamicTest(name, () -> check(a, target, role, protocol)));
                }
            }
        }
        return runs;
    }

    private static void check(Attack a, Target target, EscapeRole role, Protocol protocol) throws Exception {
        List<String> transcript = new ArrayList<>();
        List<String> violations = new AttackRun(world).run(a, target, role, protocol, transcript);
        if (!violations.isEmpty()) {
            fail(a.name() + " as " + lower(role) + " on " + lower(target) + " (" + lower(protocol) + "):\n  - "
                    + String.join("\n  - ", violations) + "\n  transcript:\n    " + String.join("\n    ", transcript));
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
