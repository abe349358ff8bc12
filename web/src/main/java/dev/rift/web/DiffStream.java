package dev.rift.web;

import java.io.Writer;

/** An open diff, written as the JSON of {@code rift diff --format json} once the response has started. */
public interface DiffStream extends AutoCloseable {

    void writeTo(Writer out, boolean statOnly);

    @Override
    void close();
}
