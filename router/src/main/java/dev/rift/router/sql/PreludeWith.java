package dev.rift.router.sql;

import java.util.List;

/** The WITH clause a prelude needs when the text it copies refers to the statement's own WITH queries. */
interface PreludeWith {
    /**
     * {@code "WITH ... "} (or empty) for a prelude built from these token ranges [first, end) of the statement;
     * refuses when they refer to a data-modifying WITH query, which a prelude cannot run.
     */
    String clauseFor(List<int[]> ranges);
}
