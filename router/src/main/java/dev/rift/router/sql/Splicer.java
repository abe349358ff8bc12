package dev.rift.router.sql;

import java.util.Map;
import java.util.TreeMap;

/**
 * Replacements of ranges of a statement's original text. Everything rift sends is the client's text with these
 * replacements applied, never a deparsed tree (deparsing would change PostgreSQL syntax JSqlParser does not
 * reproduce faithfully).
 */
final class Splicer {
    private record Edit(int end, String text) {}

    private final String sql;
    private final TreeMap<Integer, Edit> edits = new TreeMap<>();

    Splicer(String sql) {
        this.sql = sql;
    }

    /** Replaces [begin, end) with {@code text}; ranges never overlap. */
    void replace(int begin, int end, String text) {
        Map.Entry<Integer, Edit> before = edits.floorEntry(begin);
        Map.Entry<Integer, Edit> after = edits.ceilingEntry(begin);
        if (before != null && before.getValue().end() > begin || after != null && after.getKey() < end) {
            throw new IllegalStateException("overlapping replacements at " + begin);
        }
        edits.put(begin, new Edit(end, text));
    }

    /** Inserts {@code text} at {@code at}, before whatever replacement begins there. */
    void insert(int at, String text) {
        Edit there = edits.get(at);
        if (there != null) {
            edits.put(at, new Edit(there.end(), text + there.text()));
            return;
        }
        replace(at, at, text);
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    /** The text of [begin, end) with the replacements that lie inside it applied. */
    String render(int begin, int end) {
        StringBuilder b = new StringBuilder(end - begin + 64);
        int pos = begin;
        for (Map.Entry<Integer, Edit> e : edits.subMap(begin, true, end, true).entrySet()) {
            if (e.getValue().end() > end) {
                break;
            }
            b.append(sql, pos, e.getKey()).append(e.getValue().text());
            pos = e.getValue().end();
        }
        return b.append(sql, pos, end).toString();
    }

    String render() {
        return render(0, sql.length());
    }
}
