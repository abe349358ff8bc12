package dev.rift.router.control;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayEngine;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.router.control.ControlFunction.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.rift.router.control.Column.int8;
import static dev.rift.router.control.Column.json;
import static dev.rift.router.control.Column.text;

/**
 * diff and diff_stat: {@link OverlayEngine#diff} as rows, streamed from the diff's snapshot as they are read (no row
 * is kept). The values are those of {@code rift diff --format json} (docs/diff.md). A diff is read with rift's own
 * role and shows row values of any table the branch changed, so it needs {@link BranchManagers#ADMIN}, not merely a
 * login.
 */
final class DiffFunctions {
    private final OverlayEngine engine;
    private final BranchManagers managers;

    DiffFunctions(OverlayEngine engine, BranchManagers managers) {
        this.engine = engine;
        this.managers = managers;
    }

    List<ControlFunction> all() {
        List<Parameter> params = List.of(Parameter.required("branch"), Parameter.optional("against"));
        return List.of(
                new ControlFunction("diff", params, List.of(text("schema"), text("table"), text("op"), json("key"),
                        json("old"), json("new"), json("changes"), text("statement")), this::diff),
                new ControlFunction("diff_stat", params, List.of(text("schema"), text("table"), text("comparison"),
                        int8("inserted"), int8("deleted"), int8("updated")), this::stat));
    }

    private long diff(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        managers.require(args.role(), BranchManagers.ADMIN, "read a branch's diff");
        try (BranchDiff diff = engine.diff(args.text(0), args.text(1))) {
            long n = 0;
            for (DdlLogEntry e : diff.ddl()) {
                rows.row(null, null, "ddl", null, null, null, null, e.statement());
                n++;
            }
            for (DiffTable t : diff.tables()) {
                n += diff.rows(t, change -> rows.row(t.table().schema(), t.table().name(), op(change),
                        t.keyColumns().isEmpty() ? null : JsonText.key(t.keyColumns(), change.key()),
                        change.kind() == RowChange.Kind.INSERTED ? null : JsonText.object(change.oldValues()),
                        change.kind() == RowChange.Kind.DELETED ? null : JsonText.object(change.newValues()),
                        change.kind() == RowChange.Kind.UPDATED ? changes(change) : null, null));
            }
            return n;
        }
    }

    private long stat(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        managers.require(args.role(), BranchManagers.ADMIN, "read a branch's diff");
        try (BranchDiff diff = engine.diff(args.text(0), args.text(1))) {
            for (DiffTable t : diff.tables()) {
                long[] counts = new long[RowChange.Kind.values().length];
                diff.rows(t, change -> counts[change.kind().ordinal()]++);
                rows.row(t.table().schema(), t.table().name(), t.how().name().toLowerCase(Locale.ROOT),
                        counts[RowChange.Kind.INSERTED.ordinal()], counts[RowChange.Kind.DELETED.ordinal()],
                        counts[RowChange.Kind.UPDATED.ordinal()]);
            }
            return diff.tables().size();
        }
    }

    private static String op(RowChange change) {
        return switch (change.kind()) {
            case INSERTED -> "insert";
            case DELETED -> "delete";
            case UPDATED -> "update";
        };
    }

    /** {@code {"col": {"old": ..., "new": ...}}} for the changed columns; "old" absent for a column new on the branch. */
    private static String changes(RowChange change) {
        Map<String, String> members = new LinkedHashMap<>();
        for (String c : change.changed()) {
            Map<String, String> pair = new LinkedHashMap<>();
            if (change.oldValues().containsKey(c)) {
                pair.put("old", change.oldValues().get(c));
            }
            pair.put("new", change.newValues().get(c));
            members.put(c, JsonText.object(pair));
        }
        return JsonText.objectOfJson(members);
    }
}
