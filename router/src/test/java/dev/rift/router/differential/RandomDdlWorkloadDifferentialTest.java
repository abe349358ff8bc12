package dev.rift.router.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded random workloads with schema changes ({@link RandomWorkload}, one statement in ten a DDL statement) behave
 * on a branch as on a full copy, down to the catalog the branch shows at the end (information_schema columns,
 * pg_indexes, constraints). Fixed seeds in CI; {@code -Drift.test.ddlSeeds=FIRST:COUNT} runs others.
 */
class RandomDdlWorkloadDifferentialTest extends DifferentialSuite {
    private static final String SEEDS = "rift.test.ddlSeeds";
    private static final int LENGTH = 60;
    private static final int DDL_PERCENT = 10;

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
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(spec[1]); i++) {
            seeds.add(Long.parseLong(spec[0]) + i);
        }
        return RandomWorkload.scenarios(seeds, LENGTH, DDL_PERCENT, "random with DDL");
    }
}
