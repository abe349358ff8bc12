package dev.rift.router.control;

import dev.rift.cow.OverlayEngine;
import io.netty.channel.Channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Database {@code rift}: the SQL surface of branch operations (docs/diff.md, "SQL surface"). A client authenticates
 * against the upstream as on {@code main}; then rift answers its statements itself, calling the engine on the
 * blocking executor, so CI needs nothing but a connection string.
 */
public final class ControlEndpoint {
    /** The database name clients connect to; reserved as a branch name. */
    public static final String DATABASE = "rift";

    private final Executor blocking;
    private final CallParser parser;

    public ControlEndpoint(OverlayEngine engine, MergeTargets targets, Executor blocking) {
        this.blocking = blocking;
        Map<String, ControlFunction> functions = new LinkedHashMap<>();
        BranchManagers managers = new BranchManagers(engine.branchCatalog().dataSource());
        new BranchFunctions(engine, managers).all().forEach(f -> functions.put(f.name(), f));
        new DiffFunctions(engine, managers).all().forEach(f -> functions.put(f.name(), f));
        ControlFunction merge = new MergeFunction(engine, targets, managers).function();
        functions.put(merge.name(), merge);
        this.parser = new CallParser(Collections.unmodifiableMap(functions));
    }

    /** The handler of one authenticated client's statements. */
    public ControlSession open(Channel client, String role) {
        return new ControlSession(client, role, parser, blocking);
    }
}
