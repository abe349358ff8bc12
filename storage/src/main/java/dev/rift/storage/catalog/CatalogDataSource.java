package dev.rift.storage.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rift.storage.UpstreamUrl;

import java.util.Properties;

/** rift's own small connection pool to the upstream database, and the plain JDBC properties for one connection. */
public final class CatalogDataSource {
    /** Enough for catalog reads and the engine's DDL; client traffic never uses this pool. */
    static final int MAX_POOL_SIZE = 4;

    private CatalogDataSource() {}

    public static HikariDataSource pool(UpstreamUrl url, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.addDataSourceProperty("ApplicationName", name);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(0);
        config.setPoolName(name);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** user, password and application name for {@link java.sql.DriverManager#getConnection(String, Properties)}. */
    public static Properties properties(UpstreamUrl url, String applicationName) {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }
}
