package dev.rift.router.session;

import dev.rift.storage.UpstreamUrl;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line for an upstream server's connections, without a server: who gets a slot, when, and what is given back. */
class UpstreamSlotsTest {
    private static final UpstreamUrl SERVER = UpstreamUrl.parse("postgres://u@127.0.0.1:5999/app");
    private static final UpstreamUrl SAME_SERVER_OTHER_DATABASE = UpstreamUrl.parse("postgres://v@127.0.0.1:5999/other");
    private static final UpstreamUrl OTHER_SERVER = UpstreamUrl.parse("postgres://u@127.0.0.1:6000/app");
    private static EventLoop loop;

    @BeforeAll
    static void start() {
        loop = new DefaultEventLoop();
    }

    @AfterAll
    static void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aSlotGivenBackGoesToTheFirstInLineAndReleasingTwiceGivesNothingBackTwice() throws Exception {
        UpstreamSlots slots = new UpstreamSlots(2, Duration.ofSeconds(30));
        UpstreamSlots.Ticket a = slots.request(SERVER, loop);
        UpstreamSlots.Ticket b = slots.request(SAME_SERVER_OTHER_DATABASE, loop);
        UpstreamSlots.Ticket c = slots.request(SERVER, loop);
        UpstreamSlots.Ticket d = slots.request(SERVER, loop);
        assertTrue(a.granted().isSuccess() && b.granted().isSuccess(), "the first two");
        assertFalse(c.granted().isDone() || d.granted().isDone(), "the others wait");
        assertEquals(2, slots.held(SERVER));
        assertEquals(2, slots.waiting(SERVER));
        assertTrue(slots.request(OTHER_SERVER, loop).granted().isSuccess(), "another server has slots of its own");

        a.release();
        a.release();
        c.granted().get(5, TimeUnit.SECONDS);
        assertFalse(d.granted().isDone(), "one slot given back, one client served");
        assertEquals(List.of(2, 1), List.of(slots.held(SERVER), slots.waiting(SERVER)));

        d.release(); // leaves the line
        b.release();
        c.release();
        assertEquals(List.of(0, 0), List.of(slots.held(SERVER), slots.waiting(SERVER)));
        assertFalse(d.granted().isDone(), "a ticket that left the line is never served");
    }

    @Test
    void aClientWaitingLongerThanTheWaitIsRefusedNamingTheLimit() {
        UpstreamSlots slots = new UpstreamSlots(1, Duration.ofMillis(200));
        UpstreamSlots.Ticket holder = slots.request(SERVER, loop);
        UpstreamSlots.Ticket late = slots.request(SERVER, loop);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> late.granted().get(5, TimeUnit.SECONDS));
        assertInstanceOf(UpstreamSlots.LimitReached.class, refused.getCause());
        assertEquals("sorry, too many clients already: all 1 of rift's connections to the upstream server are in use"
                + " (--max-upstream-conn)", refused.getCause().getMessage());
        assertEquals(List.of(1, 0), List.of(slots.held(SERVER), slots.waiting(SERVER)));
        late.release(); // the session ends after its refusal: nothing to give back
        holder.release();
        assertEquals(0, slots.held(SERVER));
    }
}
