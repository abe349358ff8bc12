package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.cow.TypeName;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One statement of a query string, analysed in two steps around the engine calls: first what it writes
 * (so layer tables and sequence copies exist before anything is rendered), then, against the branch state that
 * follows, what exactly goes upstream.
 */
interface StatementPlan {

    /** Upstream tables the statement writes: they need a place in the branch's top layer. */
    default Set<TableId> tablesToWrite() {
        return Set.of();
    }

    /** Upstream sequences the statement uses: they need the branch's copy. */
    default Set<TableId> sequencesToUse() {
        return Set.of();
    }

    /** Whether this is DDL on the branch: the top layer's own schemas must exist before it runs. */
    default boolean isDdl() {
        return false;
    }

    /** Upstream tables DDL would change: they become own tables first (docs/ddl.md). */
    default Set<TableId> tablesToMaterialize() {
        return Set.of();
    }

    /** Upstream types DDL changes: the branch takes its own copies first. */
    default List<TypeName> typesToCopy() {
        return List.of();
    }

    /** Upstream sequences DDL names (in a default, say): they become own sequences first. */
    default Set<TableId> sequencesToMaterialize() {
        return Set.of();
    }

    /** Client roles a GRANT or REVOKE names: their session roles on the branch are made before it runs. */
    default Set<String> granteesToPrepare() {
        return Set.of();
    }

    /** Schemas the statement creates (CREATE SCHEMA): made before it runs, as schemas of the branch only. */
    default Set<String> schemasToCreate() {
        return Set.of();
    }

    /** Schemas the statement names explicitly, which need an own schema as well as the search_path's. */
    default Set<String> schemasToPrepare() {
        return Set.of();
    }

    /** The search_path the statement sets, if it is a {@code SET search_path} or a reset. */
    default Optional<SearchPathChange> searchPathChange() {
        return Optional.empty();
    }

    /** What to send: {@link Rendering#passThrough()} or the statement's preludes and text. */
    Rendering render(RenderContext context);

    /** A plan whose outcome needs no analysis. */
    static StatementPlan fixed(Rendering rendering) {
        return context -> rendering;
    }

    static StatementPlan refused(Refusal refusal) {
        return context -> {
            throw refusal;
        };
    }
}
