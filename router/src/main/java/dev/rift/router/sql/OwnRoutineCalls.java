package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.SchemaDivergence;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

/**
 * Schema-qualified calls ({@code public.f(...)}, {@code CALL public.p()}) of a function or procedure the branch made
 * or replaced, pointed at its own schema as a copy would find it there (docs/ddl.md). Unqualified calls need nothing:
 * the own schema comes first on the search_path.
 */
final class OwnRoutineCalls {
    private OwnRoutineCalls() {}

    /** The statement with such calls redirected, or null when it has none. */
    static String redirect(String sql, SchemaDivergence divergence) {
        if (divergence.ownFunctions().isEmpty()) {
            return null;
        }
        Tokens t = new Tokens(sql);
        Splicer s = new Splicer(sql);
        for (int i = 0; i + 3 < t.size(); i++) {
            Token schema = t.get(i);
            if (schema.isName() && !t.is(i - 1, Kind.DOT) && t.is(i + 1, Kind.DOT) && t.get(i + 2).isName()
                    && t.is(i + 3, Kind.LPAREN)
                    && divergence.ownFunctions().contains(new TableId(schema.value(), t.get(i + 2).value()))) {
                String own = divergence.ownSchemas().get(schema.value());
                if (own != null) {
                    s.replace(schema.begin(), schema.end(), Quote.ident(own));
                }
            }
        }
        return s.isEmpty() ? null : s.render();
    }
}
