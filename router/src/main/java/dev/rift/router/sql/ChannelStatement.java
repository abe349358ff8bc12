package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.router.sql.Token.Kind;

/**
 * {@code LISTEN ch}, {@code UNLISTEN ch | *}, {@code NOTIFY ch [, 'payload']} on a branch: the channel becomes the
 * branch's own ({@link BranchChannels}). {@code UNLISTEN *} needs nothing: a branch session listens only to its
 * branch's channels.
 */
final class ChannelStatement implements StatementPlan {
    private final Tokens t;

    ChannelStatement(Tokens t) {
        this.t = t;
    }

    @Override
    public Rendering render(RenderContext context) {
        if (t.size() < 2 || t.is(0, "unlisten") && t.is(1, Kind.OP) && t.get(1).value().equals("*")) {
            return Rendering.passThrough(); // a syntax error PostgreSQL reports, or UNLISTEN *
        }
        Token channel = t.get(1);
        if (!channel.isName()) {
            if (channel.is(Kind.UIDENT)) {
                throw Refusal.unsupported("U&\"...\" channel names are not supported on overlay branches");
            }
            return Rendering.passThrough(); // PostgreSQL rejects it
        }
        Splicer s = new Splicer(t.sql);
        s.replace(channel.begin(), channel.end(),
                Quote.ident(BranchChannels.upstream(context.branch(), channel.value())));
        return Rendering.rewritten(java.util.List.of(), s.render());
    }
}
