package dev.rift.cli;

import picocli.CommandLine;

/** The version printed by {@code rift --version}, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = RiftCommand.class.getPackage().getImplementationVersion();
        return new String[] {"rift " + (v == null ? "development build" : v)};
    }
}
