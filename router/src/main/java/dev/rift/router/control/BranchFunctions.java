package dev.rift.router.control;

import dev.rift.cow.BranchSummary;
import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayEngine;
import dev.rift.cow.TableId;
import dev.rift.router.control.ControlFunction.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static dev.rift.router.control.Column.int8;
import static dev.rift.router.control.Column.json;
import static dev.rift.router.control.Column.text;

/**
 * create_branch, delete_branch, reset_branch, branches and schema_diff: the engine's branch operations. All but
 * branches() (names and figures, no data) need {@link BranchManagers#ADMIN}.
 */
final class BranchFunctions {
    private static final Logger log = LoggerFactory.getLogger(BranchFunctions.class);

    private final OverlayEngine engine;
    private final BranchManagers managers;

    BranchFunctions(OverlayEngine engine, BranchManagers managers) {
        this.engine = engine;
        this.managers = managers;
    }

    List<ControlFunction> all() {
        return List.of(
                new ControlFunction("create_branch", List.of(Parameter.required("name"), Parameter.optional("parent")),
                        List.of(text("create_branch")), this::create),
                new ControlFunction("delete_branch", List.of(Parameter.required("name"), Parameter.flag("force")),
                        List.of(text("delete_branch")), this::delete),
                new ControlFunction("reset_branch", List.of(Parameter.required("name")),
                        List.of(text("reset_branch")), this::reset),
                new ControlFunction("branches", List.of(),
                        List.of(text("name"), text("parent"), text("mode"), new Column("created", ColumnType.TIMESTAMPTZ),
                                int8("rows_changed"), int8("bytes"), json("copied_tables"), int8("ddl_statements")),
                        this::branches),
                new ControlFunction("schema_diff", List.of(Parameter.required("branch"), Parameter.optional("against")),
                        List.of(int8("seq"), new Column("at", ColumnType.TIMESTAMPTZ), text("statement")),
                        this::schemaDiff));
    }

    private long create(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        String name = args.text(0);
        if ("rift".equals(name) || "main".equals(name)) {
            // "rift" is this control database; "main" is the upstream itself.
            throw new ControlError("42939", "branch name \"" + name + "\" is reserved; pick another name");
        }
        if (!engine.branchCatalog().isInstalled()) {
            engine.install(); // first, since it creates the roles the check asks about
        }
        managers.require(args.role(), BranchManagers.ADMIN, "create a branch");
        engine.createBranch(name, args.text(1));
        log.info("created branch {} from {} (SQL)", name, args.text(1) == null ? "main" : args.text(1));
        rows.row(name);
        return 1;
    }

    private long delete(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        managers.require(args.role(), BranchManagers.ADMIN, "delete a branch");
        List<String> deleted = engine.deleteBranch(args.text(0), args.flag(1));
        log.info("deleted branches {} (SQL)", deleted);
        deleted.forEach(rows::row);
        return deleted.size();
    }

    private long reset(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        managers.require(args.role(), BranchManagers.ADMIN, "reset a branch");
        engine.resetBranch(args.text(0));
        log.info("reset branch {} (SQL)", args.text(0));
        rows.row(args.text(0));
        return 1;
    }

    private long branches(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        if (!engine.branchCatalog().isInstalled()) {
            return 0;
        }
        List<BranchSummary> all = engine.list();
        for (BranchSummary b : all) {
            rows.row(b.name(), b.parent() == null ? "main" : b.parent(), b.mode(), b.createdAt(), b.rowsChanged(),
                    b.bytes(), JsonText.array(b.materialized().stream().map(TableId::toString).toList()),
                    b.ddlStatements());
        }
        return all.size();
    }

    private long schemaDiff(ControlFunction.Arguments args, ControlFunction.RowSink rows) {
        managers.require(args.role(), BranchManagers.ADMIN, "read a branch's schema diff");
        List<DdlLogEntry> ddl = engine.schemaDiff(args.text(0), args.text(1));
        for (DdlLogEntry e : ddl) {
            rows.row(e.seq(), e.at(), e.statement());
        }
        return ddl.size();
    }
}
