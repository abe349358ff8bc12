package dev.rift.cmd;

import dev.rift.cli.RiftCommand;

/** Entry point of the assembled rift program. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = RiftCommand.commandLine().execute(args);
        if (code != 0 || !keepsRunning(args)) {
            System.exit(code);
        }
    }

    /** {@code demo} returns while its server runs on; {@code serve} returns only once its server has closed. */
    private static boolean keepsRunning(String[] args) {
        return args.length > 0 && args[0].equals("demo");
    }
}
