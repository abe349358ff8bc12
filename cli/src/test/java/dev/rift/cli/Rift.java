package dev.rift.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the rift command line in-process, capturing what it prints, as a user would see it. */
record Rift(int exitCode, String out, String err) {

    static Rift run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = RiftCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Rift(code, out.toString(), err.toString());
    }
}
