package dev.rift.cli;

import dev.rift.storage.UpstreamUrl;
import picocli.CommandLine.Option;

/** The --upstream option every command that talks to the upstream shares. */
public final class UpstreamOption {
    @Option(names = {"-u", "--upstream"}, paramLabel = "URL", defaultValue = "${env:RIFT_UPSTREAM}",
            description = "Upstream PostgreSQL URL (postgres://user:password@host:port/db?sslmode=...). "
                    + "Default: $RIFT_UPSTREAM.")
    String url;

    public UpstreamUrl resolve() {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no upstream given: pass --upstream postgres://USER:PASSWORD@HOST:PORT/DB "
                    + "or set RIFT_UPSTREAM");
        }
        return UpstreamUrl.parse(url);
    }
}
