package dev.cascade.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code cascade-cli.jar} as a real process, the way a CI job would. */
final class CliProcess {
    static final Path JAR = Path.of(System.getProperty("cascade.cli.jar", "target/cascade-cli.jar"));

    record Result(int exitCode, String out, String err) {
    }

    private CliProcess() {
    }

    static Process start(Path workDir, Map<String, String> env, List<String> args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError("the runnable jar " + JAR + " is missing; run the tests with ./mvnw verify");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CASCADE_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        Process p = start(workDir, env, List.of(args));
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cascade-cli " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    /** Reads standard output until a line containing {@code marker} appears; returns everything read. */
    static String readUntil(Process p, String marker, StringBuilder sink) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            sink.append(line).append('\n');
            if (line.contains(marker)) {
                return sink.toString();
            }
        }
        throw new AssertionError("the process ended before printing '" + marker + "':\n" + sink);
    }

    static void answer(Process p, String line) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        in.close();
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
