package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code COPY t [(cols)] FROM STDIN ...} loads into the layer's table; {@code COPY t [(cols)] TO ...} copies
 * the branch's rows ({@code COPY (SELECT cols FROM <read relation> AS t) TO ...}). COPY FROM a server file or
 * program is refused. {@code COPY (query) TO} is a {@link WrappedQuery}.
 */
final class CopyStatement implements StatementPlan {
    private final Tokens t;
    private final NameChain name;
    private final int columnsOpen;
    private final TableId writeTable;

    private CopyStatement(Tokens t, NameChain name, int columnsOpen, TableId writeTable) {
        this.t = t;
        this.name = name;
        this.columnsOpen = columnsOpen;
        this.writeTable = writeTable;
    }

    static StatementPlan of(Tokens t, StatementParser parser, Resolver resolver) {
        int k = t.is(1, "binary") ? 2 : 1;
        if (t.is(k, Kind.LPAREN) && t.matching(k) > 0) {
            return WrappedQuery.copy(t, k, parser, resolver);
        }
        NameChain name = NameChain.at(t, k);
        if (name == null) {
            throw Refusal.unsupported("rift cannot read this COPY");
        }
        k = name.last() + 1;
        int columnsOpen = -1;
        if (t.is(k, Kind.LPAREN) && t.matching(k) > 0) {
            columnsOpen = k;
            k = t.matching(k) + 1;
        }
        if (t.is(k, "from")) {
            if (!t.is(k + 1, "stdin")) {
                throw Refusal.unsupported("COPY FROM a file or program is not supported on overlay branches");
            }
            return new CopyStatement(t, name, columnsOpen, TargetNames.writable(name, resolver, "COPY"));
        }
        if (!t.is(k, "to")) {
            throw Refusal.unsupported("rift cannot read this COPY");
        }
        return new CopyStatement(t, name, columnsOpen, null);
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return writeTable == null ? Set.of() : Set.of(writeTable);
    }

    @Override
    public Rendering render(RenderContext context) {
        int begin = t.get(name.first()).begin();
        int end = t.get(name.last()).end();
        if (writeTable != null) {
            return Rendering.rewritten(List.of(), t.sql.substring(0, begin)
                    + context.target(writeTable).writeRelation() + t.sql.substring(end));
        }
        Optional<TableId> table = name.decodable() ? context.resolver().resolve(name.parts()) : Optional.empty();
        Optional<String> relation = table.flatMap(context.resolver()::readRelation);
        if (relation.isEmpty()) {
            return Rendering.passThrough(); // unchanged table, or a view/sequence PostgreSQL refuses to COPY from
        }
        String columns = columnsOpen >= 0
                ? t.sql.substring(t.endOf(columnsOpen), t.beginOf(t.matching(columnsOpen)))
                : String.join(", ", context.shapes().columns(table.get()).stream()
                        .filter(c -> !c.generated()).map(c -> Quote.ident(c.name())).toList());
        return Rendering.rewritten(List.of(), t.sql.substring(0, begin) + "(SELECT " + columns + " FROM "
                + relation.get() + " AS " + Quote.ident(name.lastPart()) + ")"
                + t.sql.substring(precedingEnd()));
    }

    /** Where the text before TO resumes: after the column list if there is one, else after the name. */
    private int precedingEnd() {
        return columnsOpen >= 0 ? t.endOf(t.matching(columnsOpen)) : t.get(name.last()).end();
    }
}
