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

    private static boolean keepsRunning(String[] args) {
        return args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    }
}
