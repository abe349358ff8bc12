package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Calls of built-in functions whose effect is database-wide rather than on tables, made the branch's own:
 * <ul>
 * <li>advisory locks ({@code pg_advisory_lock(k)}, {@code (k1, k2)}, the try, xact, shared and unlock forms): the
 *     key becomes {@code hashtextextended('rift:<branch>:' || key, 0)}, so a branch's keys contend between its own
 *     sessions and (but for a 64-bit hash collision) never with main's or another branch's. {@code pg_locks} on a
 *     branch shows the mapped keys.</li>
 * <li>{@code pg_notify(channel, payload)} and {@code pg_listening_channels()}: the branch's channels
 *     ({@link BranchChannels}).</li>
 * <li>large object writes ({@code lo_create}, {@code lo_from_bytea}, {@code lo_unlink}, {@code lo_open} for
 *     writing, ...): refused, since large objects are not branched; reading them stays allowed.</li>
 * </ul>
 * Found by the tokens, like {@link SequenceCalls}, unqualified or qualified with {@code pg_catalog}: a function of
 * the same name in another schema is someone's own. Why not functions of the same names in a branch schema ahead
 * in the search_path: PostgreSQL searches pg_catalog first unless the path names it, and a qualified
 * {@code pg_catalog.} call would bypass them anyway. The limit, as with sequences: calls inside function bodies,
 * views or dynamic SQL are not seen and act on main's keys and channels.
 */
final class BranchCalls {
    private static final Set<String> ADVISORY = Set.of("pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_advisory_xact_lock",
            "pg_advisory_xact_lock_shared", "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared",
            "pg_advisory_unlock", "pg_advisory_unlock_shared");
    private static final Set<String> LARGE_OBJECT_WRITES = Set.of("lo_create", "lo_creat", "lo_import",
            "lo_from_bytea", "lo_unlink", "lo_put", "lowrite", "lo_truncate", "lo_truncate64");
    /** {@code INV_WRITE} of libpq-fs.h: the mode bit of lo_open that opens for writing. */
    private static final long INV_WRITE = 0x20000;

    /** A call: its name's first token (the schema when qualified), its name, its parenthesis and arguments. */
    private record Call(int first, String name, int open, List<int[]> args) {}

    private static final BranchCalls NONE = new BranchCalls(List.of());

    private final List<Call> calls;

    private BranchCalls(List<Call> calls) {
        this.calls = calls;
    }

    static BranchCalls find(Tokens t) {
        List<Call> calls = null;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.UIDENT && t.is(i + 1, Kind.LPAREN)) {
                throw Refusal.unsupported("U&\"...\" function names are not supported on overlay branches");
            }
            // "pg_advisory_lock"(1) is the same function as pg_advisory_lock(1)
            if (!tok.isName() || !t.is(i + 1, Kind.LPAREN) || !tok.value().startsWith("pg_")
                    && !tok.value().startsWith("lo")) {
                continue;
            }
            String name = tok.value();
            boolean advisory = ADVISORY.contains(name);
            boolean channels = name.equals("pg_notify") || name.equals("pg_listening_channels");
            boolean largeObject = LARGE_OBJECT_WRITES.contains(name) || name.equals("lo_open");
            if (!advisory && !channels && !largeObject) {
                continue;
            }
            int first = i;
            if (t.is(i - 1, Kind.DOT)) {
                if (!t.is(i - 2, Kind.IDENT) && !t.is(i - 2, Kind.QIDENT) || !t.get(i - 2).value().equals("pg_catalog")
                        || t.is(i - 3, Kind.DOT)) {
                    continue; // someone's own function of that name in another schema
                }
                first = i - 2;
            }
            List<int[]> args = arguments(t, i + 1);
            if (largeObject) {
                refuseLargeObjectWrite(t, name, args);
                continue;
            }
            if (calls == null) {
                calls = new ArrayList<>();
            }
            calls.add(new Call(first, name, i + 1, args));
        }
        return calls == null ? NONE : new BranchCalls(List.copyOf(calls));
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /**
     * Points each call at the branch's keys and channels. Only the call's name, its commas and its closing
     * parenthesis are replaced, so what other parts of the rewrite replaced inside the arguments stays.
     */
    void splice(Tokens t, Splicer splicer, String branch) {
        for (Call c : calls) {
            int close = t.matching(c.open());
            if (close < 0) {
                continue; // PostgreSQL reports the syntax error
            }
            int n = c.args().size();
            String head;
            List<String> separators = new ArrayList<>();
            String tail;
            if (c.name().equals("pg_listening_channels")) {
                if (n != 0) {
                    continue; // no such function: PostgreSQL says so
                }
                String prefix = BranchChannels.prefix(branch);
                head = "pg_catalog.unnest(ARRAY(SELECT pg_catalog.substr(rift_c, " + (prefix.length() + 1)
                        + ") FROM pg_catalog.pg_listening_channels(";
                tail = ") AS rift_c WHERE pg_catalog.starts_with(rift_c, " + Quote.literal(prefix) + ")))"
                        + (unaliasedItem(t, c.first(), close) ? " AS pg_listening_channels" : "");
            } else if (c.name().equals("pg_notify")) {
                if (n != 2) {
                    continue;
                }
                head = "pg_catalog.pg_notify(" + Quote.literal(BranchChannels.prefix(branch)) + "::text || (";
                separators.add("),");
                tail = ")";
            } else {
                head = "pg_catalog." + c.name() + "(pg_catalog.hashtextextended("
                        + Quote.literal("rift:" + branch + ":") + " || (";
                if (n == 1) {
                    tail = ")::bigint::text, 0))";
                } else if (n == 2) {
                    separators.add(")::integer::text || ',' || (");
                    tail = ")::integer::text, 0))";
                } else {
                    continue; // no such function: PostgreSQL says so
                }
            }
            splicer.replace(t.get(c.first()).begin(), t.get(c.open()).end(), head);
            for (int a = 1; a < n; a++) {
                Token comma = t.get(c.args().get(a)[0] - 1);
                splicer.replace(comma.begin(), comma.end(), separators.get(a - 1));
            }
            splicer.replace(t.get(close).begin(), t.get(close).end(), tail);
        }
    }

    private static final Set<String> BEFORE_ITEM = Set.of("select", "from", "join", "lateral", "distinct", "all");
    private static final Set<String> AFTER_ITEM = Set.of("from", "where", "group", "having", "window", "order",
            "limit", "offset", "fetch", "for", "union", "intersect", "except", "join", "cross", "inner", "left",
            "right", "full", "natural", "on", "using", "into", "with");

    /**
     * Whether the call is a whole select-list or FROM item without an alias: its column is then named after the
     * function, as PostgreSQL names it, rather than after the {@code unnest} that replaces it.
     */
    private static boolean unaliasedItem(Tokens t, int first, int close) {
        boolean before = first == 0 || t.is(first - 1, Kind.COMMA) || t.get(first - 1).kind() == Kind.IDENT
                && BEFORE_ITEM.contains(t.get(first - 1).value());
        int next = close + 1;
        boolean after = next >= t.size() || t.is(next, Kind.COMMA) || t.is(next, Kind.RPAREN)
                || t.is(next, Kind.SEMICOLON) || t.get(next).kind() == Kind.IDENT
                && AFTER_ITEM.contains(t.get(next).value());
        return before && after;
    }

    /** The token ranges [first, end) of the arguments of the call whose parenthesis is at {@code open}. */
    private static List<int[]> arguments(Tokens t, int open) {
        int close = t.matching(open);
        List<int[]> args = new ArrayList<>();
        if (close < 0 || close == open + 1) {
            return args;
        }
        int d = t.depth(open) + 1;
        int start = open + 1;
        for (int i = open + 1; i < close; i++) {
            if (t.depth(i) == d && t.is(i, Kind.COMMA)) {
                args.add(new int[] {start, i});
                start = i + 1;
            }
        }
        args.add(new int[] {start, close});
        return args;
    }

    private static void refuseLargeObjectWrite(Tokens t, String name, List<int[]> args) {
        if (name.equals("lo_open") && args.size() == 2) {
            int[] mode = args.get(1);
            if (mode[1] == mode[0] + 1 && t.is(mode[0], Kind.NUMBER)) {
                try {
                    if ((Long.decode(t.get(mode[0]).value()) & INV_WRITE) == 0) {
                        return; // opened for reading
                    }
                } catch (NumberFormatException e) {
                    // not a plain integer: refused below
                }
            }
        }
        throw Refusal.unsupported(name + "(): writing large objects is not supported on overlay branches (large "
                + "objects are not branched; reading them is)");
    }
}
