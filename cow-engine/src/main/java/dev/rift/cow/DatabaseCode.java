package dev.rift.cow;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code in the upstream database that can name tables at run time (docs/overlay.md, "Code in the database"): user
 * functions and procedures (SQL and procedural languages) by name, and the functions each table runs on a write
 * (triggers, defaults, CHECKs). Answers which upstream tables code may touch, by a token scan of the bodies: every
 * identifier, quoted or not and inside string literals too (dynamic SQL), that names an upstream table. An
 * over-approximation: a needless table costs one preparation; a table missed only fails the write with 42501.
 * Immutable but for a memo of answers; one instance per catalog refresh.
 */
public final class DatabaseCode {
    public static final DatabaseCode NONE = new DatabaseCode(Map.of(), Map.of(), Map.of());

    /** An identifier: quoted (group 1, {@code ""} escaping {@code "}) or plain (group 2). */
    private static final Pattern WORD = Pattern.compile(
            "\"((?:[^\"]|\"\")+)\"|([\\p{L}_][\\p{L}\\p{N}_$]*)");

    private final Map<String, String> bodies;
    private final Map<String, Set<String>> tableCode;
    private final Map<String, Set<TableId>> tables;
    private final Map<String, Set<TableId>> reachedByFunction = new ConcurrentHashMap<>();

    /**
     * @param bodies    per function name (overloads together), the text naming what it uses: its source, and for
     *                  SQL-standard bodies the names of the relations and functions it depends on
     * @param tableCode per relation name, the names of the functions its triggers, defaults and CHECKs call
     * @param tables    per relation name, the upstream tables (plain and partitioned) of that name
     */
    public DatabaseCode(Map<String, String> bodies, Map<String, Set<String>> tableCode,
                        Map<String, Set<TableId>> tables) {
        this.bodies = Map.copyOf(bodies);
        this.tableCode = Map.copyOf(tableCode);
        this.tables = Map.copyOf(tables);
    }

    /** Whether {@code name} is a user function (or procedure) whose body rift can read. */
    public boolean isFunction(String name) {
        return bodies.containsKey(name);
    }

    /**
     * The upstream tables that may be touched by code run from: calls of {@code functions}, the code {@code text}
     * (a DO block's body), and writes to the relations named {@code written}; transitively through the functions
     * the code calls and the code of the tables it names.
     */
    public Set<TableId> reached(Collection<String> functions, String text, Collection<String> written) {
        Set<TableId> out = new LinkedHashSet<>();
        Set<String> start = new LinkedHashSet<>(functions);
        for (String relation : written) {
            start.addAll(tableCode.getOrDefault(relation, Set.of()));
        }
        if (!text.isEmpty()) {
            for (String word : words(text)) {
                out.addAll(tables.getOrDefault(word, Set.of()));
                start.addAll(tableCode.getOrDefault(word, Set.of()));
                if (bodies.containsKey(word)) {
                    start.add(word);
                }
            }
        }
        for (String f : start) {
            out.addAll(reachedByFunction.computeIfAbsent(f, this::closure));
        }
        return out;
    }

    private Set<TableId> closure(String function) {
        Set<TableId> out = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>(List.of(function));
        Deque<String> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            String body = bodies.get(todo.poll());
            if (body == null) {
                continue;
            }
            for (String word : words(body)) {
                out.addAll(tables.getOrDefault(word, Set.of()));
                for (String f : tableCode.getOrDefault(word, Set.of())) {
                    if (seen.add(f)) {
                        todo.add(f);
                    }
                }
                if (bodies.containsKey(word) && seen.add(word)) {
                    todo.add(word);
                }
            }
        }
        return Set.copyOf(out);
    }

    /** Every identifier of the text as PostgreSQL would fold it, and unquoted words also as written (for %I). */
    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1).replace("\"\"", "\""));
            } else {
                out.add(m.group(2));
                out.add(m.group(2).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
