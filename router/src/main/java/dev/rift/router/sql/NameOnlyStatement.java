package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.List;
import java.util.Set;

/**
 * A statement rift does not analyse (a kind it does not know): it may pass through as long as no name in it
 * could be a relation the branch changed; its sequence calls still go to the branch's copies.
 */
final class NameOnlyStatement implements StatementPlan {
    private final Tokens t;
    private final SequenceCalls sequences;
    private final String what;

    NameOnlyStatement(Tokens t, Resolver resolver, String what) {
        this.t = t;
        this.what = what;
        this.sequences = SequenceCalls.find(t, resolver);
    }

    @Override
    public Set<TableId> sequencesToUse() {
        return sequences.sequences();
    }

    @Override
    public Rendering render(RenderContext context) {
        if (mentionsOverlay(t, context.resolver())) {
            throw Refusal.unsupported("rift cannot analyse " + what + " and it mentions relations changed on this "
                    + "branch");
        }
        if (sequences.isEmpty()) {
            return Rendering.passThrough();
        }
        Splicer s = new Splicer(t.sql);
        sequences.splice(t, s, context.sequences());
        return Rendering.rewritten(List.of(), s.render());
    }

    /** Whether any dotted name in the text could refer to a relation the branch changed. */
    static boolean mentionsOverlay(Tokens t, Resolver resolver) {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (!(tok.isName() || tok.is(Kind.UIDENT)) || t.is(i - 1, Kind.DOT)) {
                continue;
            }
            NameChain chain = NameChain.at(t, i);
            if (i == 1 && t.is(0, "call")) {
                i = chain.last(); // the procedure's name (the branch's own is pointed at its schema), not a relation
                continue;
            }
            List<String> parts = chain.parts();
            // a, s.t (or t.column), db.s.t (or s.t.column)
            if (resolver.needsOverlay(parts.subList(0, 1))
                    || parts.size() >= 2 && resolver.needsOverlay(parts.subList(0, 2))
                    || parts.size() >= 3 && resolver.needsOverlay(parts.subList(1, 3))) {
                return true;
            }
            i = chain.last();
        }
        return false;
    }
}
