package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;
import java.util.Set;

/**
 * One DDL statement as rift reads it (docs/ddl.md): the verb, the kind of object and the names it spells out. A verb
 * rift does not handle is refused here; what the names refer to is settled by {@link #analyse}.
 */
sealed interface DdlCommand permits CreateRelation, CreateType, CreateIndex, CreateTemporary, AlterTable,
        AlterObject, DropRelations, DropType, CommentOn, DropRoutines, AlterRoutine, CreateTrigger, DropTrigger,
        RefreshMaterializedView, CreateSchema, DropSchema, GrantPrivileges {
    Set<String> ROUTINES = Set.of("function", "procedure", "routine");
    Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "unlogged", "unique", "recursive");

    /** The names the statement spells out, in the order written: a qualified one needs an own schema. */
    List<NameChain> names();

    /** Records what the command does on the branch; refuses what rift cannot keep there. */
    void analyse(DdlAnalysis.Builder analysis);

    /** {@code statement} is the statement's name ({@code CREATE TABLE}, ...) for refusals. */
    static DdlCommand parse(Tokens t, String statement) {
        return switch (t.get(0).value()) {
            case "create" -> parseCreate(t, statement);
            case "alter" -> t.is(1, "table") ? AlterTable.parse(t, statement)
                    : isRoutine(t, 1) ? AlterRoutine.parse(t, statement) : AlterObject.parse(t, statement);
            case "drop" -> t.is(1, "type") ? DropType.parse(t, statement)
                    : t.is(1, "schema") ? DropSchema.parse(t, statement)
                    : isRoutine(t, 1) ? DropRoutines.parse(t, statement)
                    : t.is(1, "trigger") ? DropTrigger.parse(t, statement) : DropRelations.parse(t, statement);
            case "refresh" -> RefreshMaterializedView.parse(t, statement);
            case "grant", "revoke" -> GrantPrivileges.parse(t, statement);
            case "comment" -> CommentOn.parse(t, statement);
            default -> throw unsupported(statement);
        };
    }

    private static DdlCommand parseCreate(Tokens t, String statement) {
        int k = 1;
        boolean temp = false;
        while (t.is(k, Kind.IDENT) && (CREATE_MODIFIERS.contains(t.get(k).value())
                || t.get(k).value().matches("temp|temporary|global|local"))) {
            temp |= t.get(k).value().startsWith("temp");
            k++;
        }
        if (temp) {
            return new CreateTemporary(); // session-local: the upstream's catalog holds it only for this session
        }
        String object = t.is(k, Kind.IDENT) ? t.get(k).value() : "";
        return switch (object) {
            case "table", "sequence", "view" -> CreateRelation.parse(t, object, k + 1, statement);
            case "type", "function", "procedure" -> CreateType.parse(t, k + 1, statement);
            case "index" -> CreateIndex.parse(t, k + 1, statement);
            case "schema" -> CreateSchema.parse(t, k + 1, statement);
            case "trigger" -> CreateTrigger.parse(t, k + 1, statement);
            case "constraint" -> CreateTrigger.parse(t, expect(t, k + 1, "trigger", statement), statement);
            case "materialized" -> CreateRelation.parse(t, "materialized view", expect(t, k + 1, "view", statement),
                    statement);
            default -> throw unsupported(statement);
        };
    }

    private static boolean isRoutine(Tokens t, int k) {
        return t.is(k, Kind.IDENT) && ROUTINES.contains(t.get(k).value());
    }

    /** The token after {@code word} at {@code k}; refused when another word stands there. */
    private static int expect(Tokens t, int k, String word, String statement) {
        if (!t.is(k, word)) {
            throw unsupported(statement);
        }
        return k + 1;
    }

    static Refusal unsupported(String statement) {
        return Refusal.unsupported(statement + " is not supported on overlay branches yet");
    }
}
