package dev.rift.router.abuse;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The life of every hostile-input test class: one proxy with a healthy client for the class, the
 * healthy client checked after every test, Netty's leak report checked at the end.
 */
@ExtendWith({UpstreamExtension.class, NettyLeakCheck.class})
abstract class AgainstAbusedProxy {
    static AbusedProxy proxy;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        proxy = AbusedProxy.start(pg);
    }

    @AfterEach
    void healthyClientIsUnaffected() throws Exception {
        proxy.assertHealthyClientStillServed();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
