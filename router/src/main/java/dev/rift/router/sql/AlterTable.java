package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.List;
import java.util.Optional;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name ...}: the upstream table becomes the branch's own first.
 *
 * @param renamedTo the new name of {@code ... RENAME TO new}
 * @param setSchema whether it is {@code ... SET SCHEMA s}, which rift does not handle
 * @param partition the table of {@code ... ATTACH | DETACH PARTITION p}, which becomes the branch's own too
 */
record AlterTable(NameChain name, Optional<String> renamedTo, boolean setSchema, Optional<NameChain> partition)
        implements DdlCommand {

    static AlterTable parse(Tokens t, String statement) {
        NameChain name = DdlNames.altered(t, statement);
        int schema = t.find(name.first(), t.size(), 0, "schema");
        int rename = name.last() + 1;
        Optional<String> renamedTo = t.is(rename, "rename") && t.is(rename + 1, "to")
                && (t.is(rename + 2, Kind.IDENT) || t.is(rename + 2, Kind.QIDENT))
                ? Optional.of(NameChain.at(t, rename + 2).lastPart()) : Optional.empty();
        int partition = name.last() + 1;
        Optional<NameChain> attached = (t.is(partition, "attach") || t.is(partition, "detach"))
                && t.is(partition + 1, "partition") ? Optional.ofNullable(NameChain.at(t, partition + 2))
                : Optional.empty();
        return new AlterTable(name, renamedTo, schema > 0 && t.is(schema - 1, "set"), attached);
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        if (setSchema) {
            throw Refusal.unsupported("ALTER TABLE ... SET SCHEMA is not supported on overlay branches yet");
        }
        a.target(name);
        a.materializeIfUpstream(name);
        partition.ifPresent(p -> {
            a.materializeIfUpstream(p);
            a.target(p);
        });
        if (renamedTo.isPresent()) {
            a.rename(name, renamedTo.get());
            Optional<TableId> table = a.resolver().resolve(name.parts());
            if (table.isPresent() && a.resolver().exists(new TableId(table.get().schema(), renamedTo.get()))) {
                throw new Refusal("42P07", "relation \"" + renamedTo.get() + "\" already exists");
            }
        }
    }
}
