package dev.fairway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server of a test's own: {@code initdb} into a temp folder, {@code pg_ctl}
 * on a free loopback port, trust authentication for {@code postgres}. Tests stop and restart it
 * to make real outages. Run as root (as the suite is), it runs the binaries as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PgServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private boolean running;

  private PgServer(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** The directory of {@code initdb} and {@code pg_ctl}: {@code $FAIRWAY_PG_BIN}, else the newest under /usr/lib/postgresql. */
  public static Optional<Path> binaries() {
    String env = System.getenv("FAIRWAY_PG_BIN");
    if (env != null && Files.isExecutable(Path.of(env, "pg_ctl"))) {
      return Optional.of(Path.of(env));
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("pg_ctl")))
          .max(Comparator.comparing(p -> versionOf(p.getParent().getFileName().toString())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Makes a cluster in a temp folder and starts it; throws when PostgreSQL is not installed. */
  public static PgServer launch() throws IOException, InterruptedException {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL binaries not found"
        + " (set FAIRWAY_PG_BIN to the directory of pg_ctl)"));
    Path dir = Files.createTempDirectory("fairway-pg-");
    giveToPostgres(dir);
    PgServer s = new PgServer(bin, dir, freePort());
    s.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
        "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"), 120);
    s.start();
    return s;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again) on the same port and waits until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40", "start"), 90);
    running = true;
  }

  /** Stops the server ({@code fast}: open connections are cut, as in an outage) and waits until it is down. */
  public void stop() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
        "-m", "fast", "stop"), 90);
    running = false;
  }

  /**
   * Stops the server as a crash would ({@code immediate}: no checkpoint, sessions cut mid-statement,
   * a commit in flight may or may not have happened); {@link #start} then recovers from the WAL.
   */
  public void crash() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
        "-m", "immediate", "stop"), 90);
    running = false;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (running) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "immediate",
            "stop"), 60);
        running = false;
      }
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }

  private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    // pg_ctl start leaves the server holding inherited descriptors; read the output in the background.
    StringBuilder out = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process went away
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      reader.join(1_000);
      throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void giveToPostgres(Path dir) throws IOException {
    if (!isRoot()) {
      return;
    }
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal pg = users.lookupPrincipalByName("postgres");
    GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
    PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
    view.setOwner(pg);
    view.setGroup(group);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
