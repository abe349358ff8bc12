package dev.rift.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code SELECT 1} on a fresh connection (never a pooled one, which could hide a server that stopped answering),
 * bounded by a deadline however the network behaves: pgjdbc's own timeouts cover connect and reads, and the probe
 * gives up waiting at the deadline even if the driver does not.
 */
final class UpstreamProbe {
    static final Duration DEADLINE = Duration.ofSeconds(2);

    private UpstreamProbe() {
    }

    /**
     * Empty when the server answered; else why not. With {@code authAnswers}, a refused login counts as an answer
     * (as {@code pg_isready} counts it): the probe then has no password, only a wish to know the server is up.
     */
    static Optional<String> check(String jdbcUrl, Properties connection, boolean authAnswers) {
        Properties p = new Properties();
        p.putAll(connection);
        String seconds = Long.toString(DEADLINE.toSeconds());
        p.setProperty("connectTimeout", seconds);
        p.setProperty("socketTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        CompletableFuture<Optional<String>> probe = CompletableFuture.supplyAsync(() -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, p); Statement st = c.createStatement()) {
                st.execute("SELECT 1");
                return Optional.empty();
            } catch (SQLException e) {
                if (authAnswers && isAuthentication(e)) {
                    return Optional.empty();
                }
                return Optional.of(e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"));
            }
        });
        try {
            return probe.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Optional.of("no answer to SELECT 1 within " + DEADLINE.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static boolean isAuthentication(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.startsWith("28") || "08004".equals(s));
    }
}
