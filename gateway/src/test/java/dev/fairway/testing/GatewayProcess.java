package dev.fairway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fairway serve --config <file>} in a child JVM of the test's own, for what only a real
 * process can show: a SIGKILL. Its stdout and stderr go to a log file (quoted when it fails to
 * start); {@link #start} returns once the gateway has printed where it listens.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  /** Exit status of a JVM ended by signal 9 (128 + 9). */
  public static final int SIGKILLED = 137;

  private final Process process;
  private final Path log;
  private final int port;

  private GatewayProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts the gateway on {@code config} (which should listen on port 0) and waits up to
   * {@code timeout} for it to listen. The child gets the test's classpath and java; C1 only and the
   * serial collector, since start-up is mostly class loading and the machine's cores are shared.
   */
  public static GatewayProcess start(Path config, Path log, Duration timeout) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.fairway.cli.Main", "serve", "--config", config.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // Only the config decides: no master key or config file from the environment running the tests.
    pb.environment().remove("FAIRWAY_MASTER_KEY");
    pb.environment().remove("FAIRWAY_CONFIG");
    Process p = pb.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = LISTENING.matcher(read(log));
      if (m.find()) {
        return new GatewayProcess(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the gateway did not start within " + timeout + " (alive: " + p.isAlive()
            + "); its output:\n" + read(log));
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  public int port() {
    return port;
  }

  /** What the child has printed so far. */
  public String output() {
    return read(log);
  }

  /**
   * Kills the child with SIGKILL ({@link Process#destroyForcibly} on Linux): no shutdown hook runs,
   * nothing is flushed or closed. Returns its exit status once it is gone ({@link #SIGKILLED}).
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the gateway survived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + log + ": " + e.getMessage() + ">";
    }
  }
}
