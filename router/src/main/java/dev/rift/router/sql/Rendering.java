package dev.rift.router.sql;

import java.util.List;
import java.util.Optional;

/**
 * What one statement becomes: unchanged, or hidden preludes followed by the statement's rewritten text.
 *
 * @param changed     whether anything differs from the client's text
 * @param preludes    statements run first whose responses the client never sees
 * @param main        the statement's text as sent (for an unchanged statement, the original)
 * @param mainHidden  further hidden statements after preludes, before {@code main} (a multi-table TRUNCATE)
 * @param tagOverride the command tag the client sees for {@code main}
 * @param effects     what DDL changes in the branch's logical schema (docs/ddl.md)
 * @param recordsDdl  whether the first prelude is rift's block that records DDL on the branch (the session follows
 *                    the transaction's DDL by this mark, never by reading statement text)
 */
record Rendering(boolean changed, List<String> preludes, List<String> mainHidden, String main,
                 Optional<String> tagOverride, DdlEffects effects, boolean recordsDdl) {

    Rendering {
        preludes = List.copyOf(preludes);
        mainHidden = List.copyOf(mainHidden);
    }

    Rendering(boolean changed, List<String> preludes, List<String> mainHidden, String main,
              Optional<String> tagOverride) {
        this(changed, preludes, mainHidden, main, tagOverride, DdlEffects.NONE, false);
    }

    /** DDL: rift's recording block {@code ddlRecord} first, then the statement as sent. */
    static Rendering ddl(String ddlRecord, String main, Optional<String> tagOverride, DdlEffects effects) {
        return new Rendering(true, List.of(ddlRecord), List.of(), main, tagOverride, effects, true);
    }

    private static final Rendering PASS = new Rendering(false, List.of(), List.of(), null, Optional.empty());

    static Rendering passThrough() {
        return PASS;
    }

    static Rendering rewritten(List<String> preludes, String main) {
        return new Rendering(true, preludes, List.of(), main, Optional.empty());
    }

    /** The same rendering with {@code prefix} in front of the statement's text (EXPLAIN, DECLARE ... FOR). */
    Rendering prefixed(String prefix) {
        return new Rendering(changed, preludes, mainHidden, prefix + main, tagOverride, effects, recordsDdl);
    }

    /** The same rendering with {@code suffix} after the statement's text (COPY (query) TO ...). */
    Rendering suffixed(String suffix) {
        return new Rendering(changed, preludes, mainHidden, main + suffix, tagOverride, effects, recordsDdl);
    }
}
