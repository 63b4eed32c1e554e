package dev.fairway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the benchmark's own (initdb + pg_ctl in a temp folder, loopback, trust),
 * which the outage drill stops and starts. As root, the binaries run as {@code postgres}.
 */
final class LocalPostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  final int port;

  private LocalPostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  static LocalPostgres create(Path bin) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("fairway-drill-pg-");
    if (root()) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView v = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      v.setOwner(users.lookupPrincipalByName("postgres"));
      v.setGroup(users.lookupPrincipalByGroupName("postgres"));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LocalPostgres pg = new LocalPostgres(bin, dir, port);
    pg.run(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust",
        "-E", "UTF8", "--no-sync", "--no-instructions");
    pg.start();
    return pg;
  }

  void start() throws IOException, InterruptedException {
    run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
        "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
  }

  void stop() throws IOException, InterruptedException {
    run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "fast", "stop");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "immediate", "stop");
    } catch (IOException alreadyDown) {
      // fine
    }
    LedgerReportBench.deleteTree(dir);
  }

  private void run(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (root()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("failed: " + String.join(" ", command));
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }
}
