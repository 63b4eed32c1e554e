package dev.fairway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs a benchmark starts (mock, gateways, hop floor), each with its output in a temp log;
 * {@link #close} stops every one of them, and only them. With pinning, the gateways and the floor
 * share the last CPU and everything else the others.
 */
final class BenchProcesses implements AutoCloseable {
  /** What a JVM runs: a jar ({@code -jar}, as the launcher does) or a main class on a class path (tests). */
  record JavaMain(List<String> args) {
    static JavaMain jar(Path jar) {
      return new JavaMain(List.of("-jar", jar.toAbsolutePath().toString()));
    }

    static JavaMain classPath(String classPath, String mainClass) {
      return new JavaMain(List.of("-cp", classPath, mainClass));
    }
  }

  /** Which side of the machine a process runs on when pinned. */
  enum Side { GATEWAY, LOAD }

  static final int CPUS = Runtime.getRuntime().availableProcessors();
  /** With pinning: the gateways and the hop floor get the last CPU, the mock and the load generator the rest. */
  static final String GATEWAY_CPU = Integer.toString(CPUS - 1);
  static final String OTHER_CPUS = "0-" + Math.max(0, CPUS - 2);

  private final boolean pin;
  private final List<Process> processes = new ArrayList<>();
  private final Map<Process, Path> logs = new java.util.HashMap<>();

  BenchProcesses(boolean pin) {
    this.pin = pin;
  }

  /**
   * Starts {@code main} with {@code args} in {@code workDir} (null: this process's), with the
   * environment changed by {@code env} (a null value removes the variable).
   */
  Process start(String name, Side side, JavaMain main, List<String> args, String jvmOpts, Path workDir,
      Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (pin && CPUS >= 2) {
      cmd.addAll(List.of("taskset", "-c", side == Side.LOAD ? OTHER_CPUS : GATEWAY_CPU));
    }
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String o : jvmOpts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.addAll(main.args());
    cmd.addAll(args);
    Path log = Files.createTempFile("fairway-bench-" + name, ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    processes.add(p);
    logs.put(p, log);
    System.err.println(name + " started (pid " + p.pid() + ", log " + log + ")");
    return p;
  }

  /** The file {@code p}'s output goes to. */
  Path log(Process p) {
    return logs.get(p);
  }

  /** Stops {@code p} (one this object started) and waits for it. */
  void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    processes.remove(p);
  }

  /** Moves this load generator (every thread) off the gateways' CPU. */
  void pinSelf() throws IOException, InterruptedException {
    if (!pin || CPUS < 2) {
      return;
    }
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", OTHER_CPUS,
        Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("taskset failed: cannot pin the load generator");
    }
  }

  /**
   * Waits until {@code url} answers 200, at most 60 s.
   *
   * @throws IllegalStateException when it does not, or when {@code process} exits first
   */
  static void waitUntilUp(String url, Process process) throws InterruptedException {
    HttpClient c = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("exited with status " + process.exitValue() + " before " + url + " answered");
      }
      try {
        if (c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100); // polling a starting process; not a test
    }
    throw new IllegalStateException(url + " did not come up within 60 s");
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : List.copyOf(processes)) {
      stop(p);
    }
  }
}
