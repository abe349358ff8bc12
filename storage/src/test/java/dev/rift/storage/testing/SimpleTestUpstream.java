package dev.rift.storage.testing;

import dev.rift.storage.cluster.PgBinaries;

/** The plain {@link TestUpstream}: coordinates plus optional binaries. */
record SimpleTestUpstream(String kind, String host, int port, String user, String password, String database,
                          PgBinaries binaries) implements TestUpstream {

    @Override
    public String toString() {
        return kind + " postgres://" + user + ":***@" + host + ":" + port + "/" + database;
    }
}
