package dev.rift.router.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded random workloads ({@link RandomWorkload}) behave on a branch as on a full copy: every statement's SQLSTATE,
 * update counts, columns and rows, and every table at the end. The seeds are fixed, so CI runs the same workloads
 * every time; {@code -Drift.test.seeds=FIRST:COUNT} runs others (e.g. {@code 1000:200} while hunting).
 */
class RandomWorkloadDifferentialTest extends DifferentialSuite {
    private static final String SEEDS = "rift.test.seeds";
    private static final int LENGTH = 60;

    @Override
    List<String> files() {
        return List.of();
    }

    @Override
    String[] upstreamExtras() {
        return RandomWorkload.CODE_TABLES;
    }

    @Override
    List<Scenario> scenarios() {
        String[] spec = System.getProperty(SEEDS, "1:10").split(":");
        long first = Long.parseLong(spec[0]);
        int count = Integer.parseInt(spec[1]);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(first + i);
        }
        return RandomWorkload.scenarios(seeds, LENGTH);
    }
}
