package dev.rift.cli;

import dev.rift.router.AutoCreate;
import dev.rift.router.ProxyConfig;
import dev.rift.storage.UpstreamUrl;
import dev.rift.web.HttpApiConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code rift serve} runs with, each value from its option or, when the option is not given, from its
 * environment variable (the container image is configured by environment alone). All of it is parsed and checked
 * before anything starts, so a bad value ends rift with a message naming the option or variable it came from, and
 * nothing ever listens. A new setting is one more {@link Reader#read} line.
 *
 * @param upstream null in snapshot mode, where every branch (main too) is a postmaster of the pool
 */
record ServeSettings(HostPort listen, UpstreamUrl upstream, AutoCreate autoCreate, Duration idle, int maxFrame,
                     Duration startupTimeout, Duration drainTimeout, Optional<HttpApiConfig> http) {

    ServeSettings {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("--idle must be positive");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("--drain-timeout must not be negative");
        }
    }

    static ServeSettings of(CommandSpec spec, ServeCommand c, boolean snapshotMode) {
        Reader r = new Reader(spec.commandLine().getParseResult());
        HostPort listen = r.read("--listen", "RIFT_LISTEN", c.listen, s -> HostPort.parse(s, ProxyConfig.DEFAULT_HOST));
        UpstreamUrl upstream = snapshotMode ? null : c.upstream.url == null || c.upstream.url.isBlank()
                ? c.upstream.resolve() // its own message says how to give one
                : r.read("--upstream", "RIFT_UPSTREAM", c.upstream.url, s -> c.upstream.resolve());
        AutoCreate autoCreate = r.read("--auto-create", "RIFT_AUTO_CREATE", c.autoCreate, AutoCreate::of);
        Duration drain = r.read("--drain-timeout", "RIFT_DRAIN_TIMEOUT", c.drainTimeout, Durations::parse);
        Optional<HttpApiConfig> http = r.read("--http", "RIFT_HTTP", c.http, s -> HttpListen.parse(s, c.rift.httpToken()));
        ServeSettings settings = new ServeSettings(listen, upstream, autoCreate, Durations.parse(c.idle), c.maxFrame,
                Duration.ofSeconds(c.startupTimeout), drain, http);
        settings.proxyConfig(); // its own checks (frame size, timeouts), before anything starts
        return settings;
    }

    ProxyConfig proxyConfig() {
        return new ProxyConfig(listen.host(), listen.port(), upstream, maxFrame, startupTimeout);
    }

    /** Parses one value, naming in its error the option when it was given, else the environment variable. */
    private record Reader(ParseResult parsed) {
        <T> T read(String option, String variable, String value, Function<String, T> parse) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                String source = parsed != null && parsed.hasMatchedOption(option) ? option : variable;
                throw new IllegalArgumentException("invalid " + source + ": " + e.getMessage(), e);
            }
        }
    }
}
