package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code restrict_nonsystem_relation_kind} on a branch (docs/ddl.md, "pg_dump through a branch"). pg_dump sets it to
 * {@code view, foreign-table} so that no view's or foreign table's code runs during a dump; on a branch every catalog
 * read goes through rift's catalog views and every read of a changed table through a merged view, non-system views
 * all, so with {@code view} in the setting nothing could be read. The router keeps the setting's other kinds and
 * leaves {@code view} out, for {@code SET restrict_nonsystem_relation_kind ...} and for pg_dump's own form,
 * {@code SELECT set_config(name, '...', false) FROM pg_settings WHERE name = 'restrict_nonsystem_relation_kind'}.
 */
final class RestrictedRelationKinds {
    static final String SETTING = "restrict_nonsystem_relation_kind";

    private RestrictedRelationKinds() {}

    /** pg_dump's statement: {@code SELECT set_config(name, 'v', false) FROM pg_settings WHERE name = 'setting'}. */
    static boolean isPgDumpSetting(Tokens t) {
        return t.size() == 15 && t.is(1, "set_config") && t.is(14, Kind.STRING) && SETTING.equals(t.get(14).value())
                && t.is(5, Kind.STRING) && t.get(5).value() != null && t.is(7, Kind.IDENT) && t.is(3, "name")
                && t.is(10, "pg_settings") && t.is(12, "name");
    }

    /** {@code SET [SESSION | LOCAL] restrict_nonsystem_relation_kind {TO | =} ...}. */
    static boolean isSetting(Tokens t) {
        return t.is(0, "set") && t.is(scopeEnd(t), SETTING);
    }

    static StatementPlan pgDumpSetting(Tokens t) {
        String kinds = withoutViews(List.of(t.get(5).value().split(",")));
        String sql = "SELECT pg_catalog.set_config(" + Quote.literal(SETTING) + ", " + Quote.literal(kinds) + ", "
                + t.get(7).value() + ")";
        return StatementPlan.fixed(Rendering.rewritten(List.of(), sql));
    }

    static StatementPlan setting(Tokens t) {
        int k = scopeEnd(t) + 1;
        if (!(t.is(k, "to") || t.is(k, Kind.OP) && t.get(k).value().equals("="))) {
            return StatementPlan.fixed(Rendering.passThrough()); // PostgreSQL answers it as it would on a copy
        }
        List<String> values = new ArrayList<>();
        for (int[] item : Assignments.splitAtCommas(t, k + 1, t.size(), 0)) {
            Token v = t.get(item[0]);
            if (item[1] - item[0] != 1 || !(v.isName() || v.kind() == Kind.STRING) || v.value() == null
                    || v.kind() == Kind.IDENT && v.value().equalsIgnoreCase("default")) {
                return StatementPlan.fixed(Rendering.passThrough());
            }
            values.addAll(List.of(v.value().split(",")));
        }
        StringBuilder sql = new StringBuilder("SET");
        for (int i = 1; i < scopeEnd(t); i++) {
            sql.append(' ').append(t.get(i).value());
        }
        sql.append(' ').append(SETTING).append(" = ").append(Quote.literal(withoutViews(values)));
        return StatementPlan.fixed(Rendering.rewritten(List.of(), sql.toString()));
    }

    /** The kinds but {@code view}, as the setting's value. */
    private static String withoutViews(List<String> kinds) {
        List<String> kept = new ArrayList<>();
        for (String kind : kinds) {
            String k = kind.strip();
            if (!k.isEmpty() && !k.toLowerCase(Locale.ROOT).equals("view")) {
                kept.add(k);
            }
        }
        return String.join(", ", kept);
    }

    private static int scopeEnd(Tokens t) {
        return t.is(1, "local") || t.is(1, "session") ? 2 : 1;
    }
}
