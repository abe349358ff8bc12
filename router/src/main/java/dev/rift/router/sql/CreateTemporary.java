package dev.rift.router.sql;

import java.util.List;

/** {@code CREATE TEMP ...}: session-local, so the upstream's catalog holds it only for this session; sent as it is. */
record CreateTemporary() implements DdlCommand {

    @Override
    public List<NameChain> names() {
        return List.of();
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        a.passThrough();
    }
}
