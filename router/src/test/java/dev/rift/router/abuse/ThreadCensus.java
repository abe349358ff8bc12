package dev.rift.router.abuse;

import dev.rift.testsupport.Await;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JVM's live threads at one moment, to check that whatever started after it (a proxy's event
 * loops, say) has ended again: a proxy that leaks a thread per bad client would show here.
 */
final class ThreadCensus {
    private final Set<Thread> before;

    private ThreadCensus(Set<Thread> before) {
        this.before = before;
    }

    static ThreadCensus take() {
        return new ThreadCensus(live());
    }

    /** Waits until no more threads live than at the census, naming the newcomers if some stay. */
    void awaitBackToBaseline(Duration limit) throws Exception {
        Await.until("the JVM's live threads back to the " + before.size() + " before the proxy started", limit,
                () -> live().size() <= before.size(),
                () -> live().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                        .sorted().collect(Collectors.joining(", ", "new threads [", "]")));
    }

    private static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }
}
