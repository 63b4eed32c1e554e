package dev.fairway.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.storage.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a log's export ({@link ExportFormat}) line by line from wherever the log is: a running
 * gateway (its public key endpoint and the paged admin export), a database (read-only: a SQLite
 * file, or PostgreSQL), or an export file. All checkpoints are read before any leaf, so every leaf
 * a checkpoint covers is in the export even while the log grows.
 */
public final class LogExport {
  private LogExport() {}

  static final int PAGE = TransparencyApi.MAX_PAGE;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An export's lines, parsed, to read once, then close. */
  public interface Lines extends Iterator<ExportFormat.Line>, AutoCloseable {
    @Override
    void close();
  }

  /** The log cannot be read (unreachable, refused, not a Fairway log): the message says which and why. */
  public static final class SourceException extends RuntimeException {
    public SourceException(String message) {
      super(message, null, false, false);
    }
  }

  /** Writes every line of {@code lines} to {@code out} as JSON lines; returns how many. */
  public static long write(Lines lines, Writer out) throws IOException {
    long n = 0;
    while (lines.hasNext()) {
      out.write(ExportFormat.format(lines.next()));
      out.write('\n');
      n++;
    }
    return n;
  }

  public static Lines fromFile(Path file) {
    BufferedReader r;
    try {
      r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SourceException("cannot read " + file + ": " + e.getMessage());
    }
    Iterator<String> it = r.lines().iterator();
    return new Lines() {
      private long lineNo;

      @Override
      public boolean hasNext() {
        try {
          return it.hasNext();
        } catch (UncheckedIOException e) {
          throw new SourceException("cannot read " + file + ": " + e.getCause().getMessage());
        }
      }

      @Override
      public ExportFormat.Line next() {
        return ExportFormat.parse(it.next(), ++lineNo);
      }

      @Override
      public void close() {
        try {
          r.close();
        } catch (IOException ignored) {
          // read-only
        }
      }
    };
  }

  /**
   * The export of the gateway at {@code baseUrl}: its key from {@code /transparency/key}, then the
   * admin export pages, sent with {@code masterKey} as a bearer token when not null.
   */
  public static Lines fromGateway(String baseUrl, String masterKey, Clock clock) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Remote remote = new Remote(client, base, masterKey);
    JsonNode key = remote.json("/transparency/key?format=json");
    ExportFormat.Header header = new ExportFormat.Header(key.path("origin").asText(),
        key.path("verifier_key").asText(), clock.millis());
    return new Paged(header) {
      @Override
      List<ExportFormat.Line> checkpoints(long fromSize) {
        return remote.lines("/admin/transparency/checkpoints?from_size=" + fromSize + "&limit=" + PAGE);
      }

      @Override
      List<ExportFormat.Line> leaves(long fromIndex) {
        return remote.lines("/admin/transparency/export?from_index=" + fromIndex + "&limit=" + PAGE);
      }
    };
  }

  /**
   * The export of the log in database {@code target}, opened read-only and never migrated: a
   * SQLite file (or the storage directory holding {@code fairway.db}), or a {@code postgresql://}
   * or {@code jdbc:postgresql://} URL (user and password as URL parameters).
   */
  public static Lines fromDatabase(String target, Clock clock) {
    Connection c = open(target);
    Database.Dialect dialect = target.contains("postgresql:") ? Database.Dialect.POSTGRESQL : Database.Dialect.SQLITE;
    LogStore store = new LogStore(dialect);
    try {
      byte[] pub = LogIdentity.publicKey(c);
      if (pub == null) {
        throw new SourceException("this database holds no transparency log signing key (has a gateway of"
            + " Fairway with the transparency log run on it?)");
      }
      String origin = store.latestCheckpoint(c)
          .map(cp -> cp.note().substring(0, Math.max(0, cp.note().indexOf('\n'))))
          .orElse(null);
      if (origin == null) {
        origin = "fairway.local/" + LogIdentity.storedInstanceId(c);
      }
      ExportFormat.Header header = new ExportFormat.Header(origin, new NoteVerifier(origin, pub).text(), clock.millis());
      return new Paged(header) {
        @Override
        List<ExportFormat.Line> checkpoints(long fromSize) {
          try {
            return store.checkpoints(c, fromSize, PAGE).stream().<ExportFormat.Line>map(ExportFormat::checkpointOf)
                .toList();
          } catch (SQLException e) {
            throw new SourceException("cannot read the database: " + e.getMessage());
          }
        }

        @Override
        List<ExportFormat.Line> leaves(long fromIndex) {
          try {
            return store.entries(c, fromIndex, PAGE).stream().<ExportFormat.Line>map(ExportFormat::leafOf).toList();
          } catch (SQLException e) {
            throw new SourceException("cannot read the database: " + e.getMessage());
          }
        }

        @Override
        public void close() {
          closeQuietly(c);
        }
      };
    } catch (SQLException e) {
      closeQuietly(c);
      throw new SourceException("cannot read the database: " + e.getMessage() + " (is it a Fairway database?)");
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static Connection open(String target) {
    try {
      if (target.startsWith("postgresql:") || target.startsWith("jdbc:postgresql:")) {
        Connection c = DriverManager.getConnection(target.startsWith("jdbc:") ? target : "jdbc:" + target);
        c.setReadOnly(true);
        return c;
      }
      Path p = Path.of(target);
      if (Files.isDirectory(p)) {
        p = p.resolve("fairway.db");
      }
      if (!Files.isRegularFile(p)) {
        throw new SourceException("no database file at " + p);
      }
      org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
      cfg.setReadOnly(true);
      cfg.setBusyTimeout(10_000);
      return DriverManager.getConnection("jdbc:sqlite:" + p.toAbsolutePath(), cfg.toProperties());
    } catch (SQLException e) {
      throw new SourceException("cannot open the database: " + e.getMessage());
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // read-only
    }
  }

  /** Header, every checkpoint (read up front), the leaves page by page, then the end line. */
  private abstract static class Paged implements Lines {
    private final Deque<ExportFormat.Line> ready = new ArrayDeque<>();
    private long nextIndex;
    private long leaves;
    private final long checkpoints;
    private boolean leavesDone;
    private boolean ended;

    Paged(ExportFormat.Header header) {
      ready.add(header);
      List<ExportFormat.Line> cps = new ArrayList<>();
      long from = 0;
      while (true) {
        List<ExportFormat.Line> page = checkpoints(from);
        cps.addAll(page);
        if (page.size() < PAGE) {
          break;
        }
        from = page.get(page.size() - 1) instanceof ExportFormat.CheckpointLine c ? c.treeSize() + 1 : Long.MAX_VALUE;
      }
      ready.addAll(cps);
      checkpoints = cps.size();
    }

    abstract List<ExportFormat.Line> checkpoints(long fromSize);

    abstract List<ExportFormat.Line> leaves(long fromIndex);

    @Override
    public boolean hasNext() {
      if (!ready.isEmpty()) {
        return true;
      }
      if (!leavesDone) {
        List<ExportFormat.Line> page = leaves(nextIndex);
        ready.addAll(page);
        leaves += page.size();
        nextIndex += page.size();
        leavesDone = page.size() < PAGE;
        if (!ready.isEmpty()) {
          return true;
        }
      }
      if (!ended) {
        ended = true;
        ready.add(new ExportFormat.End(leaves, checkpoints));
        return true;
      }
      return false;
    }

    @Override
    public ExportFormat.Line next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    @Override
    public void close() {}
  }

  /** The gateway's endpoints, with errors a person can act on. */
  private record Remote(HttpClient client, String base, String masterKey) {
    JsonNode json(String path) {
      try {
        return JSON.readTree(get(path));
      } catch (IOException e) {
        throw new SourceException(base + path + " did not answer JSON");
      }
    }

    List<ExportFormat.Line> lines(String path) {
      List<ExportFormat.Line> out = new ArrayList<>();
      for (String l : get(path).lines().toList()) {
        if (!l.isEmpty()) {
          try {
            out.add(ExportFormat.parse(l));
          } catch (ExportFormat.MalformedExport e) {
            throw new SourceException("the gateway's " + path.replaceAll("\\?.*", "") + " sent a line that is not"
                + " part of an export: " + e.getMessage());
          }
        }
      }
      return out;
    }

    private String get(String path) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
      if (masterKey != null && !masterKey.isEmpty()) {
        b.header("authorization", "Bearer " + masterKey);
      }
      HttpResponse<String> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (ConnectException e) {
        throw new SourceException("cannot reach the gateway at " + base + " (connection refused)");
      } catch (IOException e) {
        throw new SourceException("cannot reach the gateway at " + base + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceException("interrupted");
      } catch (IllegalArgumentException e) {
        throw new SourceException("not a URL: " + base);
      }
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        throw new SourceException("the gateway refused " + path.replaceAll("\\?.*", "") + " (HTTP " + r.statusCode()
            + "): the export needs the master key in FAIRWAY_MASTER_KEY");
      }
      if (r.statusCode() != 200) {
        throw new SourceException("the gateway answered HTTP " + r.statusCode() + " to " + path.replaceAll("\\?.*", "")
            + (r.statusCode() == 404 ? " (does it run the transparency log?)" : ""));
      }
      return r.body();
    }
  }
}
