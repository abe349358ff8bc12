package dev.rift.cli;

/** {@code rift} in a JVM of its own, so a test can kill it outright as an operator's kill -9 would. */
public final class ServeProcess {
    private ServeProcess() {
    }

    public static void main(String[] args) {
        System.exit(RiftCommand.commandLine().execute(args));
    }
}
