package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code CREATE [OR REPLACE] [UNLOGGED] TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE [IF NOT EXISTS] name ...}, with the query of a view
 * or of {@code CREATE TABLE ... AS}.
 *
 * @param object      {@code table}, {@code view}, {@code materialized view} or {@code sequence}
 * @param bodyStart   the first token of the query after AS, or -1
 * @param bodyEnd     the WITH of a view's trailing {@code WITH [CASCADED | LOCAL] CHECK OPTION} (a materialized
 *                    view's {@code WITH [NO] DATA}), or -1
 * @param mentioned   every name after the view's own (a view's relations are among them)
 * @param ownedBy     the table of {@code OWNED BY table.column}
 * @param parents     the tables of {@code PARTITION OF parent} and {@code INHERITS (a, b)}
 */
record CreateRelation(String object, NameChain name, boolean orReplace, boolean ifNotExists, int bodyStart,
                      int bodyEnd, List<NameChain> mentioned, Optional<NameChain> ownedBy, List<NameChain> parents)
        implements DdlCommand {

    static CreateRelation parse(Tokens t, String object, int afterObject, String statement) {
        int k = DdlNames.skipIfNotExists(t, afterObject);
        NameChain name = DdlNames.require(t, k, statement);
        List<NameChain> mentioned = new ArrayList<>();
        for (int i = name.last() + 1; i < t.size(); i++) {
            NameChain n = NameChain.at(t, i);
            if (n != null) {
                mentioned.add(n);
                i = n.last();
            }
        }
        Optional<NameChain> ownedBy = Optional.empty();
        int owned = t.find(k, t.size(), 0, "owned");
        if (owned > 0 && t.is(owned + 1, "by")) {
            NameChain column = NameChain.at(t, owned + 2);
            if (column != null && column.parts().size() >= 2) {
                ownedBy = Optional.of(DdlNames.tableOf(column));
            }
        }
        int bodyStart = object.equals("sequence") ? -1 : queryAfterAs(t, afterObject);
        int bodyEnd = bodyStart < 0 ? -1 : object.equals("materialized view") ? dataClause(t) : checkOption(t);
        return new CreateRelation(object, name, t.is(1, "or") && t.is(2, "replace"), k != afterObject, bodyStart,
                bodyEnd, List.copyOf(mentioned), ownedBy,
                parents(t, name));
    }

    /** The tables named by {@code PARTITION OF parent} and {@code INHERITS (a, b)}. */
    private static List<NameChain> parents(Tokens t, NameChain name) {
        List<NameChain> out = new ArrayList<>();
        for (int i = name.last() + 1; i < t.size(); i++) {
            if (t.is(i, "partition") && t.is(i + 1, "of") && NameChain.at(t, i + 2) != null) {
                out.add(NameChain.at(t, i + 2));
            } else if (t.is(i, "inherits") && t.is(i + 1, Kind.LPAREN)) {
                for (int k = i + 2; k < t.matching(i + 1); k++) {
                    NameChain n = NameChain.at(t, k);
                    if (n != null) {
                        out.add(n);
                        k = n.last();
                    }
                }
            }
        }
        return out;
    }

    /** The first token of the query in {@code CREATE VIEW v [(...)] [WITH (...)] AS query} or CREATE TABLE ... AS. */
    private static int queryAfterAs(Tokens t, int from) {
        int as = t.find(from, t.size(), 0, "as");
        if (as < 0 || !(t.is(as + 1, "select") || t.is(as + 1, "with") || t.is(as + 1, "values")
                || t.is(as + 1, "table") || t.is(as + 1, Kind.LPAREN))) {
            return -1;
        }
        return as + 1;
    }

    /** The WITH of a trailing {@code WITH [CASCADED | LOCAL] CHECK OPTION}, or -1. */
    private static int checkOption(Tokens t) {
        int n = t.size();
        int end = t.is(n - 1, Kind.SEMICOLON) ? n - 1 : n;
        if (end >= 3 && t.is(end - 1, "option") && t.is(end - 2, "check")) {
            int with = t.is(end - 3, "with") ? end - 3 : end - 4;
            return t.is(with, "with") ? with : -1;
        }
        return -1;
    }

    /** The WITH of a materialized view's trailing {@code WITH [NO] DATA}, or -1. */
    private static int dataClause(Tokens t) {
        int n = t.size();
        int end = t.is(n - 1, Kind.SEMICOLON) ? n - 1 : n;
        if (end >= 2 && t.is(end - 1, "data")) {
            int with = t.is(end - 2, "no") ? end - 3 : end - 2;
            return t.is(with, "with") ? with : -1;
        }
        return -1;
    }

    RelationKind kind() {
        return switch (object) {
            case "table" -> RelationKind.TABLE;
            case "view" -> RelationKind.VIEW;
            case "materialized view" -> RelationKind.MATERIALIZED_VIEW;
            default -> RelationKind.SEQUENCE;
        };
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        Resolver resolver = a.resolver();
        a.create(name, kind());
        Optional<String> schema = name.parts().size() > 1
                ? Optional.of(name.parts().get(name.parts().size() - 2)) : resolver.creationSchema();
        Optional<TableId> existing = schema.map(s -> new TableId(s, name.lastPart())).filter(resolver::exists);
        boolean own = existing.isPresent() && resolver.state().divergence().ownRelations().containsKey(existing.get());
        if (orReplace && existing.isPresent() && !own && object.equals("view")
                && resolver.kind(existing.get()) == RelationKind.VIEW) {
            a.hideAlso(existing.get()); // the branch's own view takes the upstream one's place
        } else if (existing.isPresent() && !(orReplace && own)) {
            if (orReplace) {
                throw Refusal.unsupported("CREATE OR REPLACE VIEW of the upstream's " + existing.get()
                        + ", which is not a view, is not supported on overlay branches yet");
            }
            String message = "relation \"" + name.lastPart() + "\" already exists";
            if (!ifNotExists) {
                throw new Refusal("42P07", message);
            }
            a.skipWithNotice(message + ", skipping", "CREATE " + object.toUpperCase(Locale.ROOT));
        }
        // a partition of (or a child of) an upstream table: the parent's tree becomes the branch's own first
        for (NameChain parent : parents) {
            a.materializeIfUpstream(parent);
            a.target(parent); // named as the branch's own table, also when schema-qualified
        }
        if (object.equals("view")) {
            // The view must read the branch's rows, now and after later writes and DDL: every upstream table it
            // names becomes the branch's own, so the view is bound to a table that stays.
            mentioned.forEach(a::materializeIfUpstream);
        }
        if (object.equals("materialized view")) {
            // Its query is analysed when the statement is parsed, before rift's hidden statements run (extended
            // protocol): bound to the merged relations of tables prepared beforehand, never to an upstream table.
            mentioned.forEach(a::readIfUpstream);
        }
        if (object.equals("sequence")) {
            ownedBy.ifPresent(a::materializeIfUpstream);
        }
        if (bodyStart >= 0) {
            a.query(bodyStart, bodyEnd);
        }
    }
}
