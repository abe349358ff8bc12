package dev.rift.router.sql;

import java.util.List;
import java.util.OptionalInt;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table ...}: made on the branch's own
 * copy of the table.
 *
 * @param concurrently the CONCURRENTLY token, left out: it cannot run in the transaction rift's bookkeeping shares
 */
record CreateIndex(OptionalInt concurrently, NameChain table) implements DdlCommand {

    static CreateIndex parse(Tokens t, int afterObject, String statement) {
        int k = afterObject;
        OptionalInt concurrently = OptionalInt.empty();
        if (t.is(k, "concurrently")) {
            concurrently = OptionalInt.of(k);
            k++;
        }
        k = DdlNames.skipIfNotExists(t, k);
        int on = t.find(k, t.size(), 0, "on");
        if (on < 0) {
            throw DdlCommand.unsupported(statement);
        }
        return new CreateIndex(concurrently, DdlNames.require(t, t.is(on + 1, "only") ? on + 2 : on + 1, statement));
    }

    @Override
    public List<NameChain> names() {
        return List.of(table);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        concurrently.ifPresent(a::omit);
        a.materializeIfUpstream(table);
        a.target(table);
        a.mustNotBeUpstream(table, "index");
    }
}
