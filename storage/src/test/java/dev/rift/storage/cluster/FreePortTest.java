package dev.rift.storage.cluster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortTest {

    @Test
    void neverReturnsPostgresOrRiftDefaultPorts() {
        for (int i = 0; i < 500; i++) {
            int port = FreePort.find();
            assertTrue(port != 5432 && port != 6432, "got reserved port " + port);
            assertTrue(port > 1023 && port <= 65535, "port " + port);
        }
    }

    @Test
    void returnedPortCanBeBoundOnLoopback() throws IOException {
        int port = FreePort.find();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(s.isBound());
            assertFalse(FreePort.isFree(port), "a listening port is not free");
        }
    }
}
