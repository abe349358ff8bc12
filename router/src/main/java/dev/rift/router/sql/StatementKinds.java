package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Which plan a statement gets, by its leading keyword (JSqlParser does not know most utility statements). */
final class StatementKinds {
    /** Statements that never touch table data: transaction control, session settings, cursors, notifications. */
    private static final Set<String> PASS = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "show", "deallocate", "fetch", "move", "close",
            "checkpoint", "set", "reset", "discard");
    private static final Set<String> DDL = Set.of("create", "alter", "drop", "comment", "grant", "revoke",
            "security", "refresh", "reassign", "import", "load");
    /** Words that, after a DDL verb, name what it acts on ({@code CREATE UNIQUE INDEX}, {@code ALTER TABLE}). */
    private static final Set<String> DDL_OBJECT_WORDS = Set.of("or", "replace", "temp", "temporary", "unlogged",
            "global", "local", "unique", "materialized", "recursive", "table", "view", "index", "sequence", "schema",
            "function", "procedure", "trigger", "type", "domain", "extension", "role", "user", "database", "policy",
            "rule", "aggregate", "operator", "collation", "conversion", "publication", "subscription", "server",
            "foreign", "data", "wrapper", "event", "cast", "text", "search", "configuration", "dictionary", "parser",
            "template", "statistics", "access", "method", "language", "transform", "tablespace", "group", "default",
            "privileges", "large", "object", "owned", "routine", "label", "on", "column", "constraint", "system",
            "mapping", "class", "family");

    /** The session's search_path without the entries rift adds: own schemas and name views. */
    private static final String SHOWN_SEARCH_PATH = "SELECT pg_catalog.array_to_string(ARRAY(SELECT e FROM"
            + " pg_catalog.unnest(pg_catalog.string_to_array(pg_catalog.current_setting('search_path'), ', '))"
            + " WITH ORDINALITY AS u(e, i) WHERE e !~ '^\"?rift_[ov][0-9]+_' ORDER BY i), ', ') AS search_path";

    private StatementKinds() {}

    static StatementPlan plan(String sql, StatementParser parser, Resolver resolver, List<String> defaultPath,
                              TableShapes shapes) {
        Tokens t = new Tokens(sql);
        if (t.is(0, Kind.LPAREN)) {
            return new QueryStatement(sql, parser, resolver, false);
        }
        String first = t.is(0, Kind.IDENT) ? t.get(0).value() : "";
        if (first.equals("select") && RestrictedRelationKinds.isPgDumpSetting(t)) {
            return RestrictedRelationKinds.pgDumpSetting(t);
        }
        switch (first) {
            case "select", "values", "table", "with", "insert", "update", "delete":
                return new QueryStatement(sql, parser, resolver, false);
            case "explain":
                return WrappedQuery.explain(t, parser, resolver);
            case "declare":
                return WrappedQuery.declare(t, parser, resolver);
            case "copy":
                return CopyStatement.of(t, parser, resolver);
            case "truncate":
                return TruncateStatement.of(t, resolver);
            case "lock":
                return new LockStatement(t, resolver);
            case "listen", "unlisten", "notify":
                return new ChannelStatement(t);
            case "vacuum", "analyze", "analyse", "cluster", "reindex":
                return MaintenanceStatement.of(t);
            case "prepare":
                if (t.is(1, "transaction")) {
                    return StatementPlan.fixed(Rendering.passThrough());
                }
                return CatalogPrepare.prepare(t);
            case "execute":
                return CatalogPrepare.execute(t);
            case "do":
                // The code runs on the branch through the name views; the router prepared the tables it names.
                return StatementPlan.fixed(Rendering.passThrough());
            case "call":
                return new NameOnlyStatement(t, resolver, "this CALL statement");
            case "merge":
                throw Refusal.unsupported("MERGE is not supported on overlay branches yet");
            default:
                break;
        }
        if (t.is(0, "show") && t.is(1, "search_path") && t.size() == 2
                && (!resolver.state().divergence().ownSchemas().isEmpty() || !resolver.state().isEmpty())) {
            // The session's real search_path names the branch's own schemas (docs/ddl.md) and name views
            // (docs/overlay.md): shown without them, read from the session (set_config may have set it).
            return context -> new Rendering(true, List.of(), List.of(), SHOWN_SEARCH_PATH, Optional.of("SHOW"));
        }
        if (first.equals("set") && RoleSetting.isRoleSetting(t)) {
            return RoleSetting.plan(t, resolver.user());
        }
        if (first.equals("set") && RestrictedRelationKinds.isSetting(t)) {
            return RestrictedRelationKinds.setting(t);
        }
        if (PASS.contains(first)) {
            Optional<SearchPathChange> change = SearchPathStatement.change(t, defaultPath);
            return new StatementPlan() {
                @Override
                public Optional<SearchPathChange> searchPathChange() {
                    return change;
                }

                @Override
                public Rendering render(RenderContext context) {
                    return Rendering.passThrough();
                }
            };
        }
        if (first.equals("refresh")) {
            Optional<TableId> upstream = RefreshMaterializedView.upstreamView(t, resolver);
            if (upstream.isPresent()) {
                return UpstreamViewRefresh.of(t, upstream.get(), resolver, parser);
            }
        }
        if (DDL.contains(first)) {
            return DdlStatement.of(t, resolver, parser, shapes);
        }
        return new NameOnlyStatement(t, resolver, first.isEmpty() ? "this statement"
                : "this " + first.toUpperCase(Locale.ROOT) + " statement");
    }

    /** {@code CREATE TABLE}, {@code ALTER TABLE}, {@code DROP INDEX}, {@code COMMENT ON COLUMN} ... */
    static String ddlName(Tokens t) {
        List<String> words = new ArrayList<>();
        words.add(t.get(0).value().toUpperCase(Locale.ROOT));
        for (int i = 1; i < t.size() && words.size() < 4; i++) {
            Token w = t.get(i);
            if (w.kind() != Kind.IDENT || !DDL_OBJECT_WORDS.contains(w.value())
                    || w.value().equals("on") && !t.is(0, "comment") && !t.is(0, "security")) {
                break; // ON belongs to the name only in COMMENT ON ..., SECURITY LABEL ON ...
            }
            words.add(w.value().toUpperCase(Locale.ROOT));
        }
        return String.join(" ", words);
    }
}
