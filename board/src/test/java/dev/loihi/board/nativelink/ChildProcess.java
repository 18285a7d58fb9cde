package dev.loihi.board.nativelink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM of its own on the test classpath, to play a peer that crashes (SIGKILL) or freezes
 * (SIGSTOP) without taking the test down with it.
 */
final class ChildProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_S = 60;

    private final Process process;

    private ChildProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code mainClass} with {@code args} and waits for a stdout line starting with {@code readyPrefix}. */
    static ChildProcess start(String readyPrefix, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Djna.tmpdir=" + System.getProperty("jna.tmpdir", System.getProperty("java.io.tmpdir")));
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildProcess child = new ChildProcess(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(readyPrefix)) {
                        return line;
                    }
                    seen.append(line).append(" | ");
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("child exited before it was ready: output=" + seen);
        });
        try {
            ready.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            child.close();
            throw new IllegalStateException("child not ready: main=" + mainClass.getName() + ", cause=" + e, e);
        }
        return child;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kills it as a crash would: no shutdown hooks, no cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Freezes it: alive, but it runs no more code until {@link #resume()}. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("kill " + signal + " failed: pid=" + process.pid() + ", rc=" + rc);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(READY_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
