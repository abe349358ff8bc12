package dev.rift.router.differential;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A loopback relay between a JDBC client and rift that reads every message rift sends the client (rows, column names
 * of RowDescription, every field of ErrorResponse and NoticeResponse, ParameterStatus, command tags, notifications,
 * COPY data) and records each of rift's {@link InternalNames} in it before passing the message on, so that by the
 * time the client has a statement's answer its leaks are recorded. Authentication and the backend key are not read.
 *
 * <p>{@link #connect} gives a connection through a tap; {@link #drain} takes what was found on it so far, and
 * closing the connection fails when anything found was never drained.
 */
final class LeakTap {
    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final InternalNames names;
    private final List<String> leaks = new ArrayList<>();

    private LeakTap(String host, int port, InternalNames names) throws IOException {
        this.listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        this.host = host;
        this.port = port;
        this.names = names;
        Thread accept = new Thread(this::acceptAll, "leak-tap-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** A connection to {@code db} at rift's {@code host:port} whose every answer is scanned. */
    static Connection connect(String host, int port, String db, Properties props) throws SQLException {
        LeakTap tap;
        try {
            tap = new LeakTap(host, port, new InternalNames(props.getProperty("user")));
        } catch (IOException e) {
            throw new SQLException("cannot open a leak tap", e);
        }
        Properties p = new Properties();
        p.putAll(props);
        // The tap reads the plain protocol: no TLS or GSS negotiation through it.
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + tap.listener.getLocalPort() + "/" + db, p);
        } catch (SQLException e) {
            tap.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(LeakTap.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Tapped(c, tap));
    }

    /** The leaks found on {@code c} since the last call (none for a connection not made by {@link #connect}). */
    static List<String> drain(Connection c) {
        if (Proxy.isProxyClass(c.getClass()) && Proxy.getInvocationHandler(c) instanceof Tapped t) {
            return t.tap.drain();
        }
        return List.of();
    }

    private void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // nothing listens any more either way
        }
    }

    private synchronized List<String> drain() {
        List<String> out = List.copyOf(leaks);
        leaks.clear();
        return out;
    }

    private synchronized void found(String leak) {
        leaks.add(leak);
    }

    private void acceptAll() {
        // More than one connection: pgjdbc sends a cancel request on a connection of its own.
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                start("leak-tap-up", () -> pump(client.getInputStream(), server.getOutputStream(), server));
                start("leak-tap-down", () -> scan(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(String name, ThrowingRunnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (IOException e) {
                // the other end closed: the relay ends with it
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private interface ThrowingRunnable {
        void run() throws IOException;
    }

    private static void pump(InputStream in, OutputStream out, Socket closeAfter) throws IOException {
        try (closeAfter) {
            in.transferTo(out);
        }
    }

    /** Reads rift's messages one by one, scanning each before it goes on to the client. */
    private void scan(Socket server, Socket client) throws IOException {
        try (server; client) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(server.getInputStream()));
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException e) {
                    return;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                scan((char) type, body);
                out.write(type);
                out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                    (byte) length});
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
    }

    private void scan(char type, byte[] body) {
        switch (type) {
            case 'R', 'K' -> {
                // authentication and the backend key: nothing rift names
            }
            case 'E', 'N' -> {
                int i = 0;
                while (i < body.length && body[i] != 0) {
                    char field = (char) body[i];
                    int end = i + 1;
                    while (end < body.length && body[end] != 0) {
                        end++;
                    }
                    scan(type + "." + field, new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8));
                    i = end + 1;
                }
            }
            default -> scan(String.valueOf(type), new String(body, StandardCharsets.UTF_8));
        }
    }

    private void scan(String where, String text) {
        for (String name : names.in(text)) {
            found(where + " " + name + " in: " + text.replace('\0', ' ').strip());
        }
    }

    /** The connection's calls go to the real one; close also closes the tap and fails on leaks nobody drained. */
    private record Tapped(Connection real, LeakTap tap) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    try {
                        real.close();
                    } finally {
                        tap.close();
                    }
                    List<String> left = tap.drain();
                    if (!left.isEmpty()) {
                        throw new AssertionError("rift's internal names reached the client: " + left);
                    }
                    return null;
                }
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
