package dev.fairway.tenancy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.tenancy.Authentication;
import dev.fairway.tenancy.TenancyHarness;
import dev.fairway.tenancy.TestClock;
import dev.fairway.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The full keys and the master key appear in exactly two places: the answer that creates (or
 * rotates) a key, and the client's own request. Never in the database files, the log, or any
 * other admin answer.
 */
class SecretsNeverLeakTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void noFullKeyNorTheMasterKeyReachesTheDatabaseTheLogOrALaterAdminAnswer() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger fairway = (Logger) LoggerFactory.getLogger("dev.fairway");
    Level oldLevel = fairway.getLevel();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    fairway.setLevel(Level.DEBUG);
    List<String> keys = new ArrayList<>();
    List<String> later = new ArrayList<>(); // every admin answer that must not show a key issued before it
    Path dbDir;
    String database;
    try (TenancyHarness h = TenancyHarness.isolated(TestDatabases.Kind.SQLITE, new TestClock());
         AdminServer server = new AdminServer(h.tenancy)) {
      dbDir = h.ownDatabase().config().path();
      AdminClient admin = server.client();
      String team = admin.post("/admin/teams", JSON.readTree("{\"name\": \"t\", \"max_budget_usd\": 1}"))
          .json().get("id").asText();
      AdminClient.Reply created = admin.post("/admin/keys", JSON.readTree("{\"name\": \"svc\", \"team\": \"" + team
          + "\", \"rpm\": 5}"));
      String id = created.json().get("id").asText();
      keys.add(created.json().get("key").asText());
      keys.add(admin.post("/admin/keys", JSON.readTree("{\"name\": \"other\"}")).json().get("key").asText());

      later.add(admin.get("/admin/keys").raw());
      later.add(admin.get("/admin/keys/" + id).raw());
      later.add(admin.patch("/admin/keys/" + id, JSON.readTree("{\"tpm\": 1000}")).raw());
      later.add(admin.post("/admin/keys/" + id + "/block", null).raw());
      later.add(admin.post("/admin/keys/" + id + "/unblock", null).raw());
      AdminClient.Reply rotated = admin.post("/admin/keys/" + id + "/rotate", JSON.readTree("{\"grace_seconds\": 60}"));
      assertThat(rotated.raw()).doesNotContain(keys.get(0)); // shows only the new key
      keys.add(rotated.json().get("key").asText());
      later.add(admin.get("/admin/keys?team=" + team).raw());
      later.add(admin.get("/admin/teams/" + team).raw());
      later.add(admin.get("/admin/audit").raw());
      later.add(admin.get("/admin/audit?type=key&id=" + id).raw());
      later.add(admin.send("POST", "/admin/keys", "{\"name\": ").raw());
      later.add(admin.patch("/admin/keys/" + id, JSON.readTree("{\"rpm\": -1}")).raw());
      // A virtual key presented where the master key is needed, and keys presented wrongly.
      later.add(server.client(keys.get(2)).get("/admin/keys").raw());
      later.add(server.client(keys.get(2) + "x").get("/admin/keys").raw());
      for (String k : keys) {
        Authentication a = h.tenancy.authenticate(k, h.now());
        if (a instanceof Authentication.Refused r) {
          later.add(r.reason().error().getMessage());
        }
        Authentication wrong = h.tenancy.authenticate(k.substring(0, k.length() - 2) + "zz", h.now());
        later.add(((Authentication.Refused) wrong).reason().error().getMessage());
      }
      later.add(admin.delete("/admin/keys/" + id).raw());
      h.tenancy.flushSpend();
      database = read(dbDir); // the main file and its write-ahead log while open
      h.tenancy.close();
      h.db.close();
      database += read(dbDir); // and after the log is checkpointed into the file
    } finally {
      root.detachAppender(log);
      fairway.setLevel(oldLevel);
    }

    List<String> forbidden = new ArrayList<>(keys);
    keys.forEach(k -> forbidden.add(k.substring(k.lastIndexOf('-') + 1))); // the bare secrets too
    forbidden.add(TenancyHarness.MASTER);

    StringBuilder logText = new StringBuilder();
    for (ILoggingEvent e : log.list) {
      logText.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        logText.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    assertThat(logText.toString()).contains("created key"); // the log was captured
    assertThat(database).contains("tenancy_key"); // the files were read
    for (String secret : forbidden) {
      assertThat(database).doesNotContain(secret);
      assertThat(logText.toString()).doesNotContain(secret);
      for (String answer : later) {
        assertThat(answer).doesNotContain(secret);
      }
    }
  }

  private static String read(Path dir) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }
}
