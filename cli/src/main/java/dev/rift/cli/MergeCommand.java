package dev.rift.cli;

import dev.rift.router.control.BranchManagers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rift.cow.merge.BranchMerge;
import dev.rift.cow.merge.MergeApplication;
import dev.rift.cow.merge.MergeConflict;
import dev.rift.cow.merge.MergeResult;
import dev.rift.cow.merge.MergeStrategy;
import dev.rift.storage.UpstreamUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {
                "Apply a branch's changes to its parent (or --into another branch, or main) in one transaction,",
                "three ways: each row the branch changed is compared with the row as the branch first copied it.",
                "Rows the target changed too, differently, are conflicts: nothing is applied and they are listed",
                "(base/ours/theirs; ours = the target, theirs = the branch), unless --strategy says which side wins.",
                "The branch's DDL is applied first. Merging into main changes the upstream: it needs --yes. Examples:",
                "  rift merge pr-42 --into staging",
                "  rift merge pr-42 --into main --yes --strategy theirs --json"
        })
final class MergeCommand implements Callable<Integer> {
    enum Strategy { ours, theirs }

    @Mixin
    Invocation invocation;

    @Mixin
    UpstreamOption upstream;

    @Parameters(index = "0", paramLabel = "NAME", description = "The branch whose changes are merged.")
    String name;

    @Option(names = "--into", paramLabel = "TARGET", description = "A branch, or main (default: the branch's parent).")
    String into;

    @Option(names = "--strategy", paramLabel = "SIDE", description = "ours (the target's rows stay) or theirs (the"
            + " branch's rows win) for rows both changed; default: report conflicts and apply nothing.")
    Strategy strategy;

    @Option(names = "--yes", description = "Confirm a merge into main, which writes to the upstream database.")
    boolean yes;

    @Option(names = "--json", description = "Print the result as JSON (docs/diff.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = invocation.out();
        UpstreamUrl url = upstream.resolve();
        try (EngineHandle h = EngineHandle.open(url)) {
            // Into main (which must be named, below): rift_merge_main, then the role's own table privileges.
            new BranchManagers(h.catalog().dataSource()).require(null,
                    "main".equals(into) ? BranchManagers.MERGE_MAIN : BranchManagers.ADMIN,
                    "merge \"" + name + "\" into " + (into == null ? "its parent" : into));
            return merge(h, url, out);
        }
    }

    private int merge(EngineHandle h, UpstreamUrl url, PrintWriter out) throws Exception {
        try (BranchMerge merge = h.engine().merge(name, into)) {
            if ("main".equals(merge.into()) && (!"main".equals(into) || !yes)) {
                throw new IllegalArgumentException("merging \"" + name + "\" into main writes to the upstream"
                        + " database: say so with --into main --yes");
            }
            MergeResult result;
            try (MergeTarget target = MergeTarget.open(url, merge.into())) {
                result = new MergeApplication(merge, target.connection(),
                        strategy == null ? null : MergeStrategy.valueOf(strategy.name().toUpperCase()),
                        "main".equals(merge.into())).run();
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(document(merge, result)));
            } else {
                text(out, merge, result);
            }
            if (!result.applied()) {
                invocation.err().println("rift: " + result.conflicts().size() + " conflicting rows:"
                        + " nothing was applied (choose a side with --strategy ours|theirs)");
                return 1;
            }
        }
        return 0;
    }

    private void text(PrintWriter out, BranchMerge merge, MergeResult result) {
        String head = result.applied() ? "merged " + name + " into " + merge.into() + ": " + result.inserted()
                + " inserted, " + result.deleted() + " deleted, " + result.updated() + " updated"
                + (merge.ddl().isEmpty() ? "" : ", " + merge.ddl().size() + " DDL statements")
                : "not merged: " + result.conflicts().size() + " conflicts";
        out.println(head);
        for (MergeConflict c : result.conflicts()) {
            out.println();
            out.println("conflict " + c.table() + " " + key(c) + (result.applied() ? " (" + strategy + " kept)" : ""));
            out.println("  base:   " + row(c.row().base()));
            out.println("  ours:   " + row(c.row().ours()) + "   (" + merge.into() + ")");
            out.println("  theirs: " + row(c.row().theirs()) + "   (" + name + ")");
        }
    }

    private static String key(MergeConflict c) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.keyColumns().size(); i++) {
            b.append(i == 0 ? "" : " ").append(c.keyColumns().get(i)).append('=').append(c.row().key().get(i));
        }
        return b.toString();
    }

    private static String row(Map<String, String> row) {
        if (row == null) {
            return "(no row)";
        }
        return String.join(", ", row.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == null ? "NULL" : e.getValue())).toList());
    }

    private Map<String, Object> document(BranchMerge merge, MergeResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("branch", name);
        doc.put("into", merge.into());
        doc.put("strategy", strategy == null ? null : strategy.name());
        doc.put("applied", result.applied());
        doc.put("counts", Map.of("inserted", result.inserted(), "deleted", result.deleted(),
                "updated", result.updated()));
        doc.put("conflicts", result.conflicts().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("schema", c.table().schema());
            m.put("table", c.table().name());
            Map<String, String> key = new LinkedHashMap<>();
            for (int i = 0; i < c.keyColumns().size(); i++) {
                key.put(c.keyColumns().get(i), c.row().key().get(i));
            }
            m.put("key", key);
            m.put("base", c.row().base());
            m.put("ours", c.row().ours());
            m.put("theirs", c.row().theirs());
            return m;
        }).toList());
        return doc;
    }
}
