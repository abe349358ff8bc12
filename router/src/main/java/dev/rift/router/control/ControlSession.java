package dev.rift.router.control;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.Bind;
import dev.rift.pgwire.message.BindComplete;
import dev.rift.pgwire.message.Close;
import dev.rift.pgwire.message.CloseComplete;
import dev.rift.pgwire.message.CommandComplete;
import dev.rift.pgwire.message.Describe;
import dev.rift.pgwire.message.EmptyQueryResponse;
import dev.rift.pgwire.message.Execute;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.NoData;
import dev.rift.pgwire.message.ParameterDescription;
import dev.rift.pgwire.message.Parse;
import dev.rift.pgwire.message.ParseComplete;
import dev.rift.pgwire.message.Query;
import dev.rift.pgwire.message.ReadyForQuery;
import dev.rift.pgwire.message.RowDescription;
import dev.rift.router.control.ControlStatement.Argument;
import dev.rift.router.sql.StatementSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One client's session on database {@code rift}, after its authentication against the upstream: rift answers the
 * simple protocol (Query) and the extended one (Parse / Bind / Describe / Execute / Sync, as pgjdbc sends them)
 * itself. Messages are handled one after the other on the blocking executor (a chain of tasks), since function calls
 * reach the engine; rows go to the client as they are produced, waiting while its channel is not writable, so a diff
 * of a million rows is never held in memory. The transaction status is always idle: each call commits on its own.
 */
public final class ControlSession {
    private static final Logger log = LoggerFactory.getLogger(ControlSession.class);

    private final Channel client;
    /** The role the client logged in as (the startup's user), which merges into main act as. */
    private final String role;
    private final CallParser parser;
    private final Executor blocking;
    private final ClientOutput out;
    /** The last queued message's handling; each message runs after the previous one (event loop only). */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    // Touched only by the chain of handling tasks, one at a time.
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    /** After an error in the extended protocol, messages are discarded until Sync, as PostgreSQL does. */
    private boolean skippingToSync;

    private record Prepared(ControlStatement statement, int[] parameterTypes) {}

    private record Portal(ControlStatement statement, List<Object> arguments, short[] formats) {}

    /** A frame type rift does not answer on database {@code rift} (function call, COPY data, password). */
    private record Unsupported(char type) {}

    private record Flush() {}

    private record Sync() {}

    /** Terminate: the session ends once every earlier message has been answered. */
    private record Terminate() {}

    ControlSession(Channel client, String role, CallParser parser, Executor blocking) {
        this.role = role;
        this.client = client;
        this.parser = parser;
        this.blocking = blocking;
        this.out = new ClientOutput(client);
    }

    /** A frame from the client (event loop): decoded now, handled after every earlier one. */
    public void fromClient(ByteBuf frame) {
        Object message;
        try {
            message = decode(frame);
        } finally {
            frame.release();
        }
        tail = tail.thenRunAsync(() -> handle(message), blocking).exceptionally(e -> {
            if (!(e.getCause() instanceof ClientOutput.ClientGone)) {
                log.error("control session failed; closing it", e);
            }
            out.discard();
            client.close();
            return null;
        });
    }

    /** The client's channel became writable or not: wakes a call waiting to send rows. */
    public void writabilityChanged() {
        out.writabilityChanged();
    }

    /** The session ended: a call still sending rows stops at its next row. */
    public void close() {
        writabilityChanged();
    }

    private static Object decode(ByteBuf frame) {
        byte type = Frame.type(frame);
        return switch (type) {
            case MessageType.QUERY -> Query.decode(frame);
            case MessageType.PARSE -> Parse.decode(frame);
            case MessageType.BIND -> Bind.decode(frame);
            case MessageType.DESCRIBE -> Describe.decode(frame);
            case MessageType.EXECUTE -> Execute.decode(frame);
            case MessageType.CLOSE -> Close.decode(frame);
            case MessageType.SYNC -> new Sync();
            case MessageType.FLUSH -> new Flush();
            case MessageType.TERMINATE -> new Terminate();
            default -> new Unsupported((char) type);
        };
    }

    private void handle(Object message) {
        if (message instanceof Terminate) {
            out.flush();
            client.close();
            return;
        }
        if (message instanceof Query q) {
            simpleQuery(q.sql());
            out.send(new ReadyForQuery('I')::encode);
            out.flush();
            return;
        }
        if (message instanceof Sync) {
            skippingToSync = false;
            portals.clear();
            out.send(new ReadyForQuery('I')::encode);
            out.flush();
            return;
        }
        if (message instanceof Flush) {
            out.flush();
            return;
        }
        if (message instanceof Unsupported u && u.type() == MessageType.FUNCTION_CALL) {
            // A fast-path function call is a cycle of its own: an error, then ReadyForQuery.
            out.send(new ControlError("0A000", "function call messages are not supported on database \"rift\"")
                    .response()::encode);
            out.send(new ReadyForQuery('I')::encode);
            out.flush();
            return;
        }
        if (message instanceof Unsupported u && (u.type() == MessageType.COPY_DATA
                || u.type() == MessageType.COPY_DONE || u.type() == MessageType.COPY_FAIL)) {
            // As PostgreSQL: COPY messages outside a COPY are ignored.
            return;
        }
        if (skippingToSync) {
            return;
        }
        try {
            extended(message);
        } catch (ControlError e) {
            skippingToSync = true;
            out.send(e.response()::encode);
        }
    }

    private void extended(Object message) {
        if (message instanceof Parse p) {
            statements.put(p.name(), new Prepared(parser.parse(p.sql()), p.parameterTypes()));
            out.send(ParseComplete.INSTANCE::encode);
        } else if (message instanceof Bind b) {
            Prepared prepared = statement(b.statement());
            portals.put(b.portal(), new Portal(prepared.statement(), arguments(prepared, b),
                    formats(prepared.statement(), b.resultFormats())));
            out.send(BindComplete.INSTANCE::encode);
        } else if (message instanceof Describe d) {
            describe(d);
        } else if (message instanceof Execute e) {
            Portal portal = portals.get(e.portal());
            if (portal == null) {
                throw new ControlError("34000", "portal \"" + e.portal() + "\" does not exist");
            }
            execute(portal.statement(), portal.arguments(), portal.formats());
        } else if (message instanceof Close c) {
            (c.kind() == Close.STATEMENT ? statements : portals).remove(c.name());
            out.send(CloseComplete.INSTANCE::encode);
        } else if (message instanceof Unsupported u) {
            throw new ControlError("0A000", "message type '" + u.type() + "' is not supported on database \"rift\"");
        }
    }

    private void simpleQuery(String sql) {
        StatementSplitter.Split split = StatementSplitter.split(sql);
        if (split.unterminated()) {
            out.send(new ControlError("42601", "unterminated quoted string or comment").response()::encode);
            return;
        }
        if (split.isEmpty()) {
            out.send(EmptyQueryResponse.INSTANCE::encode);
            return;
        }
        for (String text : split.statements()) {
            try {
                ControlStatement statement = parser.parse(text);
                if (statement instanceof ControlStatement.Call call && call.parameterCount() > 0) {
                    throw new ControlError("42P02", "there is no parameter $" + call.parameterCount());
                }
                short[] formats = formats(statement, new short[0]);
                if (columns(statement) != null) {
                    out.send(rowDescription(columns(statement), formats)::encode);
                }
                execute(statement, literals(statement), formats);
            } catch (ControlError e) {
                // As PostgreSQL: the rest of the string is not run (calls already made stay done).
                out.send(e.response()::encode);
                return;
            }
        }
    }

    private void describe(Describe d) {
        ControlStatement statement;
        short[] formats;
        if (d.kind() == Describe.STATEMENT) {
            Prepared prepared = statement(d.name());
            statement = prepared.statement();
            formats = formats(statement, new short[0]);
            int[] types = new int[Math.max(prepared.parameterTypes().length, parameterCount(statement))];
            for (int i = 0; i < types.length; i++) {
                types[i] = i < prepared.parameterTypes().length && prepared.parameterTypes()[i] != 0
                        ? prepared.parameterTypes()[i]
                        : statement instanceof ControlStatement.Call call ? call.placeholderType(i + 1).oid : 25;
            }
            out.send(new ParameterDescription(types)::encode);
        } else {
            Portal portal = portals.get(d.name());
            if (portal == null) {
                throw new ControlError("34000", "portal \"" + d.name() + "\" does not exist");
            }
            statement = portal.statement();
            formats = portal.formats();
        }
        List<Column> columns = columns(statement);
        if (columns == null) {
            out.send(NoData.INSTANCE::encode);
        } else {
            out.send(rowDescription(columns, formats)::encode);
        }
    }

    private void execute(ControlStatement statement, List<Object> arguments, short[] formats) {
        if (statement instanceof ControlStatement.Empty) {
            out.send(EmptyQueryResponse.INSTANCE::encode);
        } else if (statement instanceof ControlStatement.Setting s) {
            out.send(new CommandComplete(s.tag())::encode);
        } else if (statement instanceof ControlStatement.Constants c) {
            out.row(c.columns(), formats, c.values().toArray());
            out.send(new CommandComplete("SELECT 1")::encode);
        } else if (statement instanceof ControlStatement.Call call) {
            long rows;
            ControlFunction.Arguments args = new ControlFunction.Arguments(arguments, role);
            call.function().checkRequired(args);
            try {
                rows = call.function().body().run(args,
                        values -> out.row(call.columns(), formats, call.project(values)));
            } catch (ClientOutput.ClientGone gone) {
                throw gone;
            } catch (Exception e) {
                throw EngineErrors.of(e);
            }
            out.send(new CommandComplete("SELECT " + rows)::encode);
        }
    }

    private Prepared statement(String name) {
        Prepared prepared = statements.get(name);
        if (prepared == null) {
            throw new ControlError("26000", "prepared statement \"" + name + "\" does not exist");
        }
        return prepared;
    }

    /** The call's arguments with Bind's parameter values in place of {@code $n}. */
    private static List<Object> arguments(Prepared prepared, Bind bind) {
        int expected = Math.max(prepared.parameterTypes().length, parameterCount(prepared.statement()));
        byte[][] values = bind.parameterValues();
        if (values.length != expected) {
            throw new ControlError("08P01", "bind message supplies " + values.length + " parameters, but prepared"
                    + " statement \"\" requires " + expected);
        }
        if (!(prepared.statement() instanceof ControlStatement.Call call)) {
            return List.of();
        }
        short[] formats = bind.parameterFormats();
        List<Object> bound = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            Argument a = call.arguments().get(i);
            ControlFunction.ParameterType type = call.function().parameters().get(i).type();
            if (a instanceof Argument.Placeholder p) {
                short format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[p.index() - 1];
                bound.add(Values.bound(values[p.index() - 1], format, type));
            } else {
                bound.add(a == null ? null : ((Argument.Literal) a).value());
            }
        }
        return bound;
    }

    private static List<Object> literals(ControlStatement statement) {
        if (!(statement instanceof ControlStatement.Call call)) {
            return List.of();
        }
        List<Object> bound = new ArrayList<>();
        for (Argument a : call.arguments()) {
            bound.add(a == null ? null : ((Argument.Literal) a).value());
        }
        return bound;
    }

    private static int parameterCount(ControlStatement statement) {
        return statement instanceof ControlStatement.Call call ? call.parameterCount() : 0;
    }

    private static List<Column> columns(ControlStatement statement) {
        if (statement instanceof ControlStatement.Call call) {
            return call.columns();
        }
        return statement instanceof ControlStatement.Constants c ? c.columns() : null;
    }

    /** One format per result column, by the protocol's rule: none means text, one applies to all. */
    private static short[] formats(ControlStatement statement, short[] requested) {
        List<Column> columns = columns(statement);
        int n = columns == null ? 0 : columns.size();
        short[] out = new short[n];
        if (requested.length == 1) {
            java.util.Arrays.fill(out, requested[0]);
        } else if (requested.length == n) {
            System.arraycopy(requested, 0, out, 0, n);
        } else if (requested.length != 0) {
            throw new ControlError("08P01", "bind message has " + requested.length + " result formats but query has "
                    + n + " columns");
        }
        return out;
    }

    private static RowDescription rowDescription(List<Column> columns, short[] formats) {
        List<RowDescription.Field> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            fields.add(new RowDescription.Field(c.name(), 0, (short) 0, c.type().oid, c.type().size, -1, formats[i]));
        }
        return new RowDescription(fields);
    }
}
