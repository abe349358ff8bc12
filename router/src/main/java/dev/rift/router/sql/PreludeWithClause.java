package dev.rift.router.sql;

import net.sf.jsqlparser.schema.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The WITH clause a prelude carries when the text it copies from a write refers to the statement's WITH queries:
 * the statement's read-only top-level WITH queries, rendered as the statement renders them. A prelude cannot run
 * a data-modifying WITH query a second time, so a condition that reads one is refused.
 */
final class PreludeWithClause implements PreludeWith {
    private final Tokens t;
    private final List<TableRef> refs;
    private final CteScopes ctes;
    private final Set<Table> targets;
    private final Splicer splicer;

    PreludeWithClause(Tokens t, List<TableRef> refs, CteScopes ctes, Set<Table> targets, Splicer splicer) {
        this.t = t;
        this.refs = refs;
        this.ctes = ctes;
        this.targets = targets;
        this.splicer = splicer;
    }

    @Override
    public String clauseFor(List<int[]> ranges) {
        Set<CteScopes.Cte> needed = new LinkedHashSet<>();
        for (TableRef ref : refs) {
            if (!ref.located() || ref.name().parts().size() != 1 || targets.contains(ref.node())) {
                continue;
            }
            int token = ref.name().first();
            for (int[] r : ranges) {
                if (token >= r[0] && token < r[1]) {
                    CteScopes.Cte cte = ctes.innermost(ref.name().parts().get(0), ref.begin(t));
                    if (cte != null && !(cte.bodyOpen() >= r[0] && cte.bodyClose() < r[1])) {
                        needed.add(cte); // defined outside the copied text
                    }
                }
            }
        }
        List<CteScopes.Cte> top = ctes.topLevel(t);
        // Parameters in WITH queries must appear in the prelude too (see QueryStatement's parameter check).
        boolean parameters = top.stream().anyMatch(c -> t.hasParam(c.bodyOpen(), c.bodyClose()));
        if (needed.isEmpty() && !parameters) {
            return "";
        }
        for (CteScopes.Cte cte : needed) {
            if (cte.modifiesData(t)) {
                throw readsModifyingCte(cte);
            }
            if (!top.contains(cte)) {
                throw Refusal.unsupported("rift cannot analyse the WITH query " + cte.name() + " of this statement");
            }
        }
        List<String> items = new ArrayList<>();
        boolean recursive = false;
        for (CteScopes.Cte cte : top) {
            if (cte.modifiesData(t)) {
                continue;
            }
            refuseReadsOfModifyingCtes(cte, top);
            recursive |= cte.recursive();
            items.add(splicer.render(t.get(cte.nameToken()).begin(), t.get(cte.bodyClose()).end()));
        }
        return items.isEmpty() ? "" : "WITH " + (recursive ? "RECURSIVE " : "") + String.join(", ", items) + " ";
    }

    private void refuseReadsOfModifyingCtes(CteScopes.Cte cte, List<CteScopes.Cte> top) {
        for (TableRef ref : refs) {
            if (!ref.located() || ref.name().parts().size() != 1) {
                continue;
            }
            int token = ref.name().first();
            if (token > cte.bodyOpen() && token < cte.bodyClose()) {
                CteScopes.Cte referenced = ctes.innermost(ref.name().parts().get(0), ref.begin(t));
                if (referenced != null && top.contains(referenced) && referenced.modifiesData(t)) {
                    throw readsModifyingCte(referenced);
                }
            }
        }
    }

    private static Refusal readsModifyingCte(CteScopes.Cte cte) {
        return Refusal.unsupported("a write whose condition reads the data-modifying WITH query " + cte.name()
                + " is not supported on overlay branches yet");
    }
}
