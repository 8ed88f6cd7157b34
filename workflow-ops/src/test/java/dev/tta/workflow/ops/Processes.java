package dev.tta.workflow.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion with a time limit, capturing its output. */
final class Processes {

    private Processes() {
    }

    /** Exit status and combined output of a finished program. */
    record Result(int exitCode, String output) {
    }

    static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        byte[] output;
        try {
            process.getOutputStream().close();
            // Reading to the end returns once the program closed its output, normally when it exits.
            output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("still running after 120 s: " + command);
            }
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static Result run(Path directory, String... command) throws IOException, InterruptedException {
        return run(directory, new ArrayList<>(List.of(command)));
    }
}
