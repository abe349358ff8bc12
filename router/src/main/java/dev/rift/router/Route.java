package dev.rift.router;

import dev.rift.storage.UpstreamUrl;

/** Where a session on {@code branch} runs its statements: a server and the database on it. */
public record Route(String branch, UpstreamUrl server) {
}
