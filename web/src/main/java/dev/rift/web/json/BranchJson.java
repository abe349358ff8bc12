package dev.rift.web.json;

import dev.rift.cow.BranchSummary;
import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.TableId;
import dev.rift.storage.pool.BranchStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Branch objects as {@code rift list --json} prints them and the API answers them (docs/http.md): one shape per
 * mode, built here only, so the CLI and the API cannot drift apart.
 */
public final class BranchJson {
    private BranchJson() {
    }

    public static Map<String, Object> overlay(BranchSummary b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("parent", b.parent() == null ? "main" : b.parent());
        m.put("mode", b.mode());
        m.put("created", b.createdAt());
        m.put("rows_changed", b.rowsChanged());
        m.put("bytes", b.bytes());
        m.put("copied_tables", b.materialized().stream().map(TableId::toString).toList());
        m.put("ddl_statements", b.ddlStatements());
        return m;
    }

    public static Map<String, Object> snapshot(String driver, BranchStatus b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("parent", b.parent());
        m.put("mode", "snapshot");
        m.put("driver", driver);
        m.put("created", b.created());
        m.put("running", b.running());
        m.put("port", b.postmaster().map(p -> p.port()).orElse(null));
        m.put("bytes", b.usedBytes());
        return m;
    }

    /** {@code rift schema-diff --json}: {branch, against, statements: [{seq, at, sql}]}. */
    public static Map<String, Object> schemaDiff(String branch, String against, List<DdlLogEntry> log) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("branch", branch);
        doc.put("against", against);
        doc.put("statements", log.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("at", e.at());
            m.put("sql", e.statement());
            return m;
        }).toList());
        return doc;
    }
}
