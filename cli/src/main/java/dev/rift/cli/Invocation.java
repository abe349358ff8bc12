package dev.rift.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The command line a command was invoked with, mixed into the command with {@code @Mixin}: where it prints (the
 * command line's out and err writers, not System.out, so a caller of {@link RiftCommand#commandLine()} such as a
 * test sets its own) and what was typed.
 */
@Command // picocli accepts a mixin without options only when it is a command; an empty one adds nothing to the help
final class Invocation {
    // MIXEE: the spec of the command this is mixed into; a plain @Spec would be the mixin's own, without writers.
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** Which options were typed, as opposed to defaulted. */
    ParseResult parsed() {
        return command.commandLine().getParseResult();
    }
}
