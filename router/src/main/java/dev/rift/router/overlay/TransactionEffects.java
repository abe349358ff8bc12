package dev.rift.router.overlay;

import dev.rift.router.sql.DdlEffects;

/**
 * What an overlay session's open transaction holds that rift must follow: the DDL it ran, which rift's own connection
 * cannot see yet (docs/ddl.md), the savepoints that may undo some of it, and whether the settings statement last sent
 * is still in place (a rollback undoes it).
 */
final class TransactionEffects {
    private final SavepointEffects savepoints = new SavepointEffects();
    /** DDL effects of the open transaction. */
    private DdlEffects pending = DdlEffects.NONE;
    private boolean ddlInTransaction;
    /** The settings statement last sent, or null when the session's settings are not known to be in place. */
    private String settingsSent;
    private boolean settingsAtRisk;
    /** The transaction status of the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
    private byte status = 'I';

    DdlEffects pending() {
        return pending;
    }

    /**
     * The status of a ReadyForQuery. At the end of a transaction its DDL is committed or gone: returns true when rift's
     * own view of the branch must be read again. A settings statement sent inside a transaction is undone if it rolls
     * back, so it is sent again after it.
     */
    boolean ended(byte newStatus) {
        status = newStatus;
        if (newStatus != 'I') {
            settingsAtRisk |= settingsSent != null;
            return false;
        }
        savepoints.transactionEnded();
        boolean ddlEnded = ddlInTransaction;
        if (ddlInTransaction) {
            ddlInTransaction = false;
            pending = DdlEffects.NONE;
        }
        if (settingsAtRisk) {
            settingsAtRisk = false;
            settingsSent = null;
        }
        return ddlEnded;
    }

    /** An ErrorResponse: in the extended protocol the settings ran in the same implicit transaction, which it undoes. */
    void error() {
        if (settingsSent != null) {
            settingsAtRisk = true;
        }
    }

    /** Whether the plan's settings must be sent first (and, if so, remembers them as sent). */
    boolean needsSettings(Plan plan) {
        if (plan.settings() == null || plan.settings().equals(settingsSent) || status == 'E') {
            // In a failed transaction every statement but ROLLBACK [TO] fails anyway, and a settings statement sent
            // first would fail in its place: they are sent once the transaction is usable again.
            return false;
        }
        settingsSent = plan.settings();
        return true;
    }

    /** The client's SET replaced the physical search_path: the settings must be sent again. */
    void settingsReplaced() {
        settingsSent = null;
    }

    /**
     * The statement's DDL is about to run: the session sees its effects from now on. Marked when the statement is
     * sent to run (a simple Query, or a Bind), not when it is prepared, since a prepared DDL statement may be
     * planned again at Bind.
     */
    void running(Plan plan, String sql) {
        SavepointEffects.Restored restored = savepoints.running(sql, pending);
        if (restored != null) {
            // Also undone: a settings statement sent after the savepoint.
            pending = restored.pending();
            settingsSent = null;
        }
        if (plan.runsDdl()) {
            pending = pending.then(plan.effects());
            ddlInTransaction = true;
        }
    }
}
