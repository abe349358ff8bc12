package dev.rift.router.proxy;

import java.sql.Connection;

/** Work done on one connection whose result is compared between the two sides of a {@link SideBySide}. */
@FunctionalInterface
public interface JdbcWork<T> {
    T run(Connection connection) throws Exception;
}
