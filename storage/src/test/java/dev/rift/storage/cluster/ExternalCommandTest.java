package dev.rift.storage.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ExternalCommandTest {

    @Test
    void capturesStdoutAndStderrSeparately() {
        ExternalCommand.Result r = ExternalCommand.of("sh", "-c", "echo out; echo err >&2").run();
        assertEquals(0, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void argumentsArePassedVerbatimWithoutAShell() {
        ExternalCommand.Result r = ExternalCommand.of("printf", "%s|", "a b", "$HOME", "it's", "").run();
        assertEquals("a b|$HOME|it's||", r.stdout());
    }

    @Test
    void failureThrowsWithExitCodeAndStderr() {
        ExternalCommandException e = assertThrows(ExternalCommandException.class,
                () -> ExternalCommand.of("sh", "-c", "echo broken pipe dream >&2; exit 3").run());
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("exit 3"), e.getMessage());
        assertTrue(e.getMessage().contains("broken pipe dream"), e.getMessage());
        assertFalse(e.timedOut());
    }

    @Test
    void runAllowingFailureReturnsTheExitCode() {
        assertEquals(5, ExternalCommand.of("sh", "-c", "exit 5").runAllowingFailure().exitCode());
    }

    @Test
    void timeoutKillsTheCommandAndSaysSo() {
        long start = System.nanoTime();
        ExternalCommandException e = assertThrows(ExternalCommandException.class,
                () -> ExternalCommand.of("sleep", "30").timeout(Duration.ofMillis(300)).run());
        assertTrue(e.timedOut());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }

    @Test
    void missingProgramThrowsClearly() {
        ExternalCommandException e = assertThrows(ExternalCommandException.class,
                () -> ExternalCommand.of("/no/such/program-rift").run());
        assertTrue(e.getMessage().contains("cannot start"), e.getMessage());
    }

    @Test
    void environmentCanBeSetAndRemoved() {
        ExternalCommand.Result r = ExternalCommand.of("sh", "-c", "echo \"${RIFT_X:-unset} ${HOME:-unset}\"")
                .env("RIFT_X", "set").withoutEnv("HOME").run();
        assertEquals("set unset\n", r.stdout());
    }

    @Test
    void stdinAndWorkingDirectoryAreHonoured() {
        assertEquals("hello", ExternalCommand.of("cat").stdin("hello").run().stdout());
        assertEquals("/\n", ExternalCommand.of("pwd").directory(Path.of("/")).run().stdout());
    }

    @Test
    void asUserRunsTheCommandAsThatUserWhenRoot() {
        assumeTrue(ExternalCommand.runningAsRoot(), "JVM is not root");
        ExternalCommand.Result r = ExternalCommand.of("id", "-un").asUser("postgres").directory(Path.of("/")).run();
        assertEquals("postgres", r.stdout().trim());
    }

    @Test
    void shellQuotingSurvivesARoundTripThroughSh() {
        List<String> args = List.of("printf", "%s|", "plain", "with space", "it's", "\"dq\"", "$(x)", "");
        ExternalCommand.Result r = ExternalCommand.of("sh", "-c", ExternalCommand.shellQuote(args)).run();
        assertEquals("plain|with space|it's|\"dq\"|$(x)||", r.stdout());
    }

    @Test
    void tailKeepsTheLastLines() {
        assertEquals("c\nd", ExternalCommand.tail("a\nb\nc\nd\n", 2));
        assertEquals("a\nb", ExternalCommand.tail("a\nb", 5));
        assertEquals("", ExternalCommand.tail("", 5));
    }
}
