package dev.rift.router.sql;

import dev.rift.cow.TableId;

import java.util.Optional;

/**
 * {@code LOCK [TABLE] [ONLY] t [, ...] [IN mode MODE] [NOWAIT]}: passes through for tables the branch has not
 * changed; for a changed table the lock would have to cover the layer's tables and the rows below, which rift
 * does not do yet.
 */
final class LockStatement implements StatementPlan {
    private final Tokens t;

    LockStatement(Tokens t) {
        this.t = t;
    }

    @Override
    public Rendering render(RenderContext context) {
        for (NameChain name : TargetNames.list(t, t.is(1, "table") ? 2 : 1)) {
            Optional<TableId> table = name.decodable() ? context.resolver().resolve(name.parts()) : Optional.empty();
            if (!name.decodable() || table.flatMap(context.resolver()::readRelation).isPresent()) {
                throw Refusal.unsupported("LOCK TABLE on a table changed on this branch is not supported yet");
            }
        }
        return Rendering.passThrough();
    }
}
