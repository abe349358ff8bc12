package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code nextval('seq')}, {@code currval('seq')}, {@code setval('seq', ...)} calls: a branch must use its own copy
 * of an upstream sequence and never advance the upstream's. Found by the tokens alone (so they are handled even in
 * statements JSqlParser cannot parse); a call whose sequence is not a literal could name any sequence, so it is
 * refused. {@code lastval()} needs nothing: every {@code nextval} on the branch goes to a copy.
 */
final class SequenceCalls {
    private static final Set<String> FUNCTIONS = Set.of("nextval", "currval", "setval");

    /** A sequence name literal that names an upstream sequence. */
    record Call(int literalToken, TableId sequence) {}

    /** A qualified name of one of the branch's own sequences, pointed at its own schema. */
    record OwnCall(int literalToken, String relation) {}

    private final List<Call> calls;
    private final List<OwnCall> ownCalls;

    private SequenceCalls(List<Call> calls, List<OwnCall> ownCalls) {
        this.ownCalls = ownCalls;
        this.calls = calls;
    }

    static SequenceCalls find(Tokens t, Resolver resolver) {
        List<Call> calls = new ArrayList<>();
        List<OwnCall> own = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() != Kind.IDENT || !FUNCTIONS.contains(tok.value()) || !t.is(i + 1, Kind.LPAREN)) {
                continue;
            }
            if (t.is(i - 1, Kind.DOT) && !t.is(i - 2, "pg_catalog")) {
                continue; // someone's own function of that name in another schema
            }
            int arg = i + 2;
            boolean literal = t.is(arg, Kind.STRING) && t.get(arg).value() != null
                    && (t.is(arg + 1, Kind.RPAREN) || t.is(arg + 1, Kind.COMMA)
                        || t.is(arg + 1, Kind.OP) && t.get(arg + 1).value().equals("::")
                           && (t.is(arg + 2, "regclass") || t.is(arg + 2, "text"))
                           && (t.is(arg + 3, Kind.RPAREN) || t.is(arg + 3, Kind.COMMA)));
            if (!literal) {
                throw Refusal.unsupported(tok.value() + "() with a sequence name that is not a string literal is not "
                        + "supported on overlay branches (it could advance the upstream's sequence)");
            }
            List<String> parts = NameChain.ofRegclassText(t.get(arg).value());
            if (parts == null) {
                continue; // PostgreSQL rejects the name itself
            }
            Optional<TableId> id = resolver.resolve(parts).filter(r -> resolver.kind(r) == RelationKind.SEQUENCE);
            if (id.isPresent() && resolver.isOwn(id.get())) {
                if (parts.size() > 1) { // unqualified, PostgreSQL finds the branch's own sequence by itself
                    own.add(new OwnCall(arg, resolver.ownRelation(id.get())));
                }
            } else {
                id.ifPresent(r -> calls.add(new Call(arg, r)));
            }
        }
        return new SequenceCalls(List.copyOf(calls), List.copyOf(own));
    }

    boolean isEmpty() {
        return calls.isEmpty() && ownCalls.isEmpty();
    }

    Set<TableId> sequences() {
        Set<TableId> s = new LinkedHashSet<>();
        calls.forEach(c -> s.add(c.sequence()));
        return s;
    }

    /** Points each call at the branch's copy of its sequence. */
    void splice(Tokens t, Splicer splicer, Map<TableId, String> copies) {
        for (OwnCall c : ownCalls) {
            Token literal = t.get(c.literalToken());
            splicer.replace(literal.begin(), literal.end(), Quote.literal(c.relation()));
        }
        for (Call c : calls) {
            Token literal = t.get(c.literalToken());
            splicer.replace(literal.begin(), literal.end(), Quote.literal(copies.get(c.sequence())));
        }
    }
}
