package dev.rift.router.session;

import dev.rift.storage.UpstreamUrl;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connections sessions hold on each upstream server, capped ({@code rift serve --max-upstream-conn}), so that
 * clients through rift can never use up the server's max_connections. A session takes a slot before it connects,
 * so a client still authenticating holds one too, and gives it back the moment it ends. A session over the cap
 * waits in line, first come first served, for up to {@code wait}; then it is refused. Touched twice per session,
 * never per statement.
 */
public final class UpstreamSlots {
    private final int limit;
    private final Duration wait;
    private final Map<Server, Line> lines = new ConcurrentHashMap<>();

    public UpstreamSlots(int limit, Duration wait) {
        if (limit < 1) {
            throw new IllegalArgumentException("upstream connection limit must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.wait = wait;
    }

    public int limit() {
        return limit;
    }

    /** Asks for a slot on {@code server}; the ticket's {@link Ticket#granted()} completes on {@code loop}. */
    public Ticket request(UpstreamUrl server, EventLoop loop) {
        Line line = lines.computeIfAbsent(new Server(server.host(), server.port()), s -> new Line());
        Ticket ticket = new Ticket(line, loop.newPromise());
        boolean now;
        synchronized (line) {
            now = line.held < limit && line.waiting.isEmpty();
            if (now) {
                line.held++;
                ticket.state = State.HELD;
            } else {
                line.waiting.add(ticket);
            }
        }
        if (now) {
            ticket.granted.setSuccess(null);
        } else {
            ticket.timer = loop.schedule(ticket::expire, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return ticket;
    }

    /** Slots held on {@code server} now (a test's and an operator's view). */
    public int held(UpstreamUrl server) {
        Line line = lines.get(new Server(server.host(), server.port()));
        if (line == null) {
            return 0;
        }
        synchronized (line) {
            return line.held;
        }
    }

    /** Clients waiting in line for {@code server} now. */
    public int waiting(UpstreamUrl server) {
        Line line = lines.get(new Server(server.host(), server.port()));
        if (line == null) {
            return 0;
        }
        synchronized (line) {
            return line.waiting.size();
        }
    }

    /** A server is its address: two URLs naming different databases of one server share its max_connections. */
    private record Server(String host, int port) {
    }

    private enum State { WAITING, HELD, DONE }

    /** One server's slots in use and the sessions waiting for one; guarded by its own monitor. */
    private static final class Line {
        int held;
        final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    }

    /** Why a session was not given a slot: rift's own limit, which the message names. */
    public static final class LimitReached extends Exception {
        LimitReached(String message) {
            super(message, null, false, false);
        }
    }

    /** One session's claim on a slot: waiting for it, holding it, or done with it. */
    public final class Ticket {
        private final Line line;
        private final Promise<Void> granted;
        private State state = State.WAITING;
        private volatile ScheduledFuture<?> timer;

        private Ticket(Line line, Promise<Void> granted) {
            this.line = line;
            this.granted = granted;
        }

        /** Succeeds once the slot is this session's; fails with {@link LimitReached} when the wait is over. */
        public Future<Void> granted() {
            return granted;
        }

        /** Gives the slot back, or leaves the line; any number of times, from any thread. */
        public void release() {
            Ticket next = null;
            synchronized (line) {
                if (state == State.HELD) {
                    next = line.waiting.poll();
                    if (next == null) {
                        line.held--;
                    } else {
                        next.state = State.HELD; // the slot passes straight on
                    }
                } else if (state == State.WAITING) {
                    line.waiting.remove(this);
                }
                state = State.DONE;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            if (next != null) {
                ScheduledFuture<?> nextTimer = next.timer; // null if it joined the line a moment ago: it finds HELD
                if (nextTimer != null) {
                    nextTimer.cancel(false);
                }
                next.granted.trySuccess(null);
            }
        }

        private void expire() {
            synchronized (line) {
                if (state != State.WAITING) {
                    return;
                }
                line.waiting.remove(this);
                state = State.DONE;
            }
            granted.tryFailure(new LimitReached("sorry, too many clients already: all " + limit
                    + " of rift's connections to the upstream server are in use (--max-upstream-conn)"));
        }
    }
}
