package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/** Tables named by utility statements (TRUNCATE, LOCK, COPY): {@code [ONLY] name [*]} items. */
final class TargetNames {

    /** One named table: its tokens and what it resolves to. */
    record Item(NameChain name, TableId table) {}

    private TargetNames() {}

    /** Resolves a write target, refusing what rift cannot write or what does not exist. */
    static TableId writable(NameChain name, Resolver resolver, String verb) {
        if (!name.decodable()) {
            throw Refusal.unsupported("rift cannot decode the name of this " + verb + "'s table");
        }
        TableId table = resolver.resolve(name.parts()).orElseThrow(() -> new Refusal("42P01",
                "relation \"" + String.join(".", name.parts()) + "\" does not exist"));
        RelationKind kind = resolver.kind(table);
        if (kind != RelationKind.TABLE && kind != RelationKind.PARTITIONED_TABLE && kind != RelationKind.FOREIGN_TABLE) {
            throw Refusal.unsupported(verb + " on " + kind.name().toLowerCase().replace('_', ' ') + " " + table
                    + " is not supported on overlay branches yet");
        }
        return table;
    }

    /** The comma-separated {@code [ONLY] name [*]} list starting at token {@code k}; returns the index after it. */
    static int list(Tokens t, int k, List<NameChain> out) {
        while (true) {
            if (t.is(k, "only")) {
                k++;
            }
            NameChain name = NameChain.at(t, k);
            if (name == null) {
                throw Refusal.unsupported("rift cannot read this statement's table list");
            }
            out.add(name);
            k = name.last() + 1;
            if (t.is(k, Kind.OP) && t.get(k).value().equals("*")) {
                k++;
            }
            if (!t.is(k, Kind.COMMA)) {
                return k;
            }
            k++;
        }
    }

    static List<NameChain> list(Tokens t, int k) {
        List<NameChain> out = new ArrayList<>();
        list(t, k, out);
        return out;
    }
}
