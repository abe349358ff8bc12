package dev.rift.router.overlay;

import dev.rift.cow.ColumnOrigins;
import dev.rift.cow.TableId;
import dev.rift.router.sql.DdlEffects;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an overlay session follows of its open transaction: the DDL it ran and the settings statement it sent. */
class TransactionEffectsTest {
    private static final String SETTINGS = "SET search_path = public";

    private static Plan rewritten(boolean recordsDdl) {
        return Plan.rewritten(List.of(new Plan.Step("DO $x$BEGIN NULL; END$x$", true, null, recordsDdl),
                new Plan.Step("CREATE TABLE t ()", false, null, false)), 1);
    }

    @Test
    void aStepMarkedAsRecordingDdlMakesTheTransactionsEndReadTheBranchAgain() {
        TransactionEffects transaction = new TransactionEffects();
        transaction.running(rewritten(true), "CREATE TABLE t ()");
        assertFalse(transaction.ended((byte) 'T'), "the transaction is still open");
        assertTrue(transaction.ended((byte) 'I'), "its DDL is committed or gone: the branch is read again");
        assertFalse(transaction.ended((byte) 'I'), "once");
    }

    @Test
    void theTextOfAnUnmarkedStepDoesNotCountAsDdl() {
        TransactionEffects transaction = new TransactionEffects();
        Plan plan = Plan.rewritten(List.of(new Plan.Step("DO $rift_ddl$BEGIN NULL; END$rift_ddl$", true, null, false),
                new Plan.Step("SELECT 1", false, null, false)), 1);
        assertFalse(plan.runsDdl());
        transaction.running(plan, "SELECT 1");
        assertFalse(transaction.ended((byte) 'I'));
    }

    @Test
    void aPlanWithDdlEffectsRunsDdlWithoutAMarkedStep() {
        DdlEffects effects = new DdlEffects(Map.of(), Set.of(), Set.of(new TableId("public", "t")));
        assertTrue(rewritten(false).with(effects, null).runsDdl());
        assertFalse(Plan.passThrough(1, null).runsDdl());
    }

    @Test
    void settingsAreSentOnceAndAgainAfterATransactionThatMayHaveUndoneThem() {
        TransactionEffects transaction = new TransactionEffects();
        Plan plan = Plan.passThrough(1, null).with(DdlEffects.NONE, SETTINGS).withOrigins(ColumnOrigins.NONE);
        assertTrue(transaction.needsSettings(plan));
        assertFalse(transaction.needsSettings(plan), "already in place");
        transaction.ended((byte) 'T');
        transaction.ended((byte) 'I');
        assertTrue(transaction.needsSettings(plan), "sent inside a transaction, which may have rolled back");
        transaction.ended((byte) 'E');
        transaction.settingsReplaced();
        assertFalse(transaction.needsSettings(plan), "a failed transaction runs nothing but its rollback");
    }
}
