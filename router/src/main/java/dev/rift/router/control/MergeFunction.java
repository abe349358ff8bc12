package dev.rift.router.control;

import dev.rift.cow.OverlayEngine;
import dev.rift.cow.merge.BranchMerge;
import dev.rift.cow.merge.MergeApplication;
import dev.rift.cow.merge.MergeConflict;
import dev.rift.cow.merge.MergeResult;
import dev.rift.cow.merge.MergeStrategy;
import dev.rift.router.control.ControlFunction.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.Locale;

import static dev.rift.router.control.Column.int8;
import static dev.rift.router.control.Column.json;
import static dev.rift.router.control.Column.text;

/**
 * {@code rift.merge(branch, target, strategy, confirm)}: {@code rift merge} as rows. The first row is the outcome
 * ({@code merged} or {@code not merged}) with the rows written; then one row per conflict, base / ours / theirs.
 * Merging into main writes to the upstream database, so it needs {@code target => 'main'} and {@code confirm => true}
 * (the CLI's {@code --into main --yes}).
 */
final class MergeFunction {
    private static final Logger log = LoggerFactory.getLogger(MergeFunction.class);

    private final OverlayEngine engine;
    private final MergeTargets targets;
    private final BranchManagers managers;

    MergeFunction(OverlayEngine engine, MergeTargets targets, BranchManagers managers) {
        this.engine = engine;
        this.targets = targets;
        this.managers = managers;
    }

    ControlFunction function() {
        return new ControlFunction("merge",
                List.of(Parameter.required("branch"), Parameter.optional("target"), Parameter.optional("strategy"),
                        Parameter.flag("confirm")),
                List.of(text("outcome"), text("schema"), text("table"), json("key"), json("base"), json("ours"),
                        json("theirs"), int8("inserted"), int8("deleted"), int8("updated")),
                this::merge);
    }

    private long merge(ControlFunction.Arguments args, ControlFunction.RowSink rows) throws Exception {
        String branch = args.text(0);
        String target = args.text(1);
        MergeStrategy strategy = strategy(args.text(2));
        // Into main (which must be named, below): rift_merge_main, then the client's own privileges on the tables.
        boolean namesMain = "main".equals(target);
        managers.require(args.role(), namesMain ? BranchManagers.MERGE_MAIN : BranchManagers.ADMIN,
                "merge \"" + branch + "\" into " + (target == null ? "its parent" : target));
        try (BranchMerge merge = engine.merge(branch, target)) {
            boolean intoMain = "main".equals(merge.into());
            if (intoMain && (!"main".equals(target) || !args.flag(3))) {
                throw new ControlError("22023", "merging \"" + branch + "\" into main writes to the upstream database:"
                        + " say so with target => 'main' and confirm => true",
                        "SELECT * FROM rift.merge('" + branch + "', target => 'main', confirm => true)");
            }
            MergeResult result;
            try (Connection c = targets.open(merge.into(), args.role())) {
                result = new MergeApplication(merge, c, strategy, intoMain).run();
            }
            log.info("merge of {} into {} (SQL): applied {}, {} conflicts", branch, merge.into(), result.applied(),
                    result.conflicts().size());
            rows.row(result.applied() ? "merged" : "not merged", null, null, null, null, null, null,
                    result.inserted(), result.deleted(), result.updated());
            for (MergeConflict c : result.conflicts()) {
                rows.row("conflict", c.table().schema(), c.table().name(), JsonText.key(c.keyColumns(), c.row().key()),
                        JsonText.object(c.row().base()), JsonText.object(c.row().ours()),
                        JsonText.object(c.row().theirs()), null, null, null);
            }
            return 1 + result.conflicts().size();
        }
    }

    private static MergeStrategy strategy(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ours" -> MergeStrategy.OURS;
            case "theirs" -> MergeStrategy.THEIRS;
            default -> throw new ControlError("22023", "invalid merge strategy \"" + name + "\": use 'ours', 'theirs'"
                    + " or NULL (conflicts stop the merge)");
        };
    }
}
