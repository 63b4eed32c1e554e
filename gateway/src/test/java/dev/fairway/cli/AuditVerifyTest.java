package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.Http;
import dev.fairway.transparency.LogServer;
import dev.fairway.transparency.TransparencySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fairway audit verify} on a real log in a real SQLite file, then on copies of that file
 * edited the way someone with write access to the database would: each kind of tampering must be
 * caught, naming the first bad leaf. The log has 23 leaves and checkpoints at 0, 5, 10, 15 and 20.
 */
class AuditVerifyTest {
  @TempDir
  static Path pristine;
  static String vkey;
  static String checkpoint20;

  @BeforeAll
  static void buildTheLog() {
    try (LogServer s = LogServer.sqliteAt(pristine, new TransparencySettings("audit.test/log", null))) {
      for (int size = 5; size <= 20; size += 5) {
        s.append(size - 5, size);
        s.log.checkpointNow();
      }
      s.append(20, 23);
      vkey = s.log.verifier().text();
      checkpoint20 = s.log.latestCheckpoint().note();
    }
  }

  @Test
  void anUntouchedLogVerifiesFromTheDatabaseTheGatewayAndAnExport(@TempDir Path dir) throws Exception {
    Path db = copy(dir);
    CliTest.Run r = CliTest.run("audit", "verify", "--db", db.toString(), "--key", vkey);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK", "leaves:        23", "checkpoints:   5", "3 proofs between successive checkpoints",
        "tree size 20", "not yet signed: 3 leaves");

    try (LogServer s = LogServer.sqliteAt(db, new TransparencySettings("audit.test/log", null))) {
      String served = new Http(s.url()).get("/transparency/key").body().strip();
      assertThat(served).isEqualTo(vkey);
      CliTest.Run viaUrl = CliTest.run("audit", "verify", "--url", s.url(), "--key", served);
      assertThat(viaUrl.code()).as(viaUrl.err()).isZero();
      assertThat(viaUrl.out()).contains("leaves:        23");

      Path export = dir.resolve("log.jsonl");
      CliTest.Run ex = CliTest.run("audit", "export", "--url", s.url(), "--out", export.toString());
      assertThat(ex.code()).as(ex.err()).isZero();
      assertThat(ex.out()).as("opening the log signed a checkpoint of all 23").contains("wrote 31 lines");
    }
    Path keyFile = dir.resolve("key.txt");
    Files.writeString(keyFile, vkey + "\n");
    CliTest.Run viaFile = CliTest.run("audit", "verify", "--export", dir.resolve("log.jsonl").toString(),
        "--key", keyFile.toString(), "--checkpoint", save(dir, checkpoint20).toString());
    assertThat(viaFile.code()).as(viaFile.err()).isZero();

    CliTest.Run noKey = CliTest.run("audit", "verify", "--db", db.toString());
    assertThat(noKey.code()).isZero();
    assertThat(noKey.err()).contains("checking against the key the log itself names");
  }

  @Test
  void anEditedRecordIsNamed(@TempDir Path dir) throws Exception {
    Path db = tamper(dir, "UPDATE tlog_leaf SET canonical = CAST('{\"decision\":\"d-7\",\"model\":\"cheaper\"}' AS BLOB)"
        + " WHERE idx = 7");
    expectFailure(db, 7, "leaf 7 (decision d-7) was edited: its canonical bytes do not hash to its recorded leaf hash");
  }

  @Test
  void anEditedRecordWithARecomputedHashBreaksTheNextCheckpoint(@TempDir Path dir) throws Exception {
    Path db = copy(dir);
    byte[] forged = "{\"decision\":\"d-7\",\"model\":\"cheaper\"}".getBytes(StandardCharsets.UTF_8);
    sql(db, c -> {
      var ps = c.prepareStatement("UPDATE tlog_leaf SET canonical = ?, leaf_hash = ? WHERE idx = 7");
      ps.setBytes(1, forged);
      ps.setBytes(2, leafHash(forged));
      ps.executeUpdate();
    });
    expectFailure(db, 5, "a record among leaves 5..9 was edited, removed, inserted or reordered: leaves 0..9 do not"
        + " give the root signed in the checkpoint of tree size 10 (line 4); the checkpoint of tree size 5 (line 3)"
        + " verifies");
  }

  @Test
  void aRemovedRecordIsNamed(@TempDir Path dir) throws Exception {
    expectFailure(tamper(dir, "DELETE FROM tlog_leaf WHERE idx = 12"), 12,
        "leaf 12 is missing: the log goes from leaf 11 to leaf 13 (a record was removed)");
  }

  @Test
  void aRemovedRecordWithTheRestRenumberedBreaksTheNextCheckpoint(@TempDir Path dir) throws Exception {
    expectFailure(tamper(dir, "DELETE FROM tlog_leaf WHERE idx = 12", "UPDATE tlog_leaf SET idx = -idx WHERE idx > 12",
        "UPDATE tlog_leaf SET idx = -idx - 1 WHERE idx < 0"), 10, "a record among leaves 10..14 was edited, removed,"
        + " inserted or reordered");
  }

  @Test
  void reorderedRecordsBreakTheirCheckpoint(@TempDir Path dir) throws Exception {
    expectFailure(tamper(dir, "UPDATE tlog_leaf SET idx = -1 WHERE idx = 3", "UPDATE tlog_leaf SET idx = 3 WHERE idx = 4",
        "UPDATE tlog_leaf SET idx = 4 WHERE idx = -1"), 0, "a record among leaves 0..4 was edited, removed, inserted or"
        + " reordered: leaves 0..4 do not give the root signed in the checkpoint of tree size 5");
  }

  @Test
  void anInsertedRecordBreaksItsCheckpoint(@TempDir Path dir) throws Exception {
    expectFailure(tamper(dir, "UPDATE tlog_leaf SET idx = -idx - 1 WHERE idx >= 17",
        "UPDATE tlog_leaf SET idx = -idx WHERE idx < 0",
        "INSERT INTO tlog_leaf (idx, decision_id, time_ms, leaf_hash, canonical)"
            + " SELECT 17, 'forged', time_ms, leaf_hash, canonical FROM tlog_leaf WHERE idx = 2"), 15,
        "a record among leaves 15..19 was edited, removed, inserted or reordered");
  }

  @Test
  void aCopiedRecordIsNamed(@TempDir Path dir) throws Exception {
    // The database's unique index refuses a second row of one decision, so copy it in an export.
    Path export = dir.resolve("log.jsonl");
    assertThat(CliTest.run("audit", "export", "--db", copy(dir).toString(), "--out", export.toString()).code()).isZero();
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(export));
    String end = lines.remove(lines.size() - 1);
    String copy = lines.stream().filter(l -> l.contains("\"index\":2,")).findFirst().orElseThrow();
    lines.add(copy.replace("\"index\":2,", "\"index\":23,"));
    lines.add(end.replace("\"leaves\":23", "\"leaves\":24"));
    Files.write(export, lines);

    CliTest.Run r = CliTest.run("audit", "verify", "--export", export.toString(), "--key", vkey);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("fairway audit verify: FAILED at leaf 23: leaf 23 repeats decision d-2,"
        + " already logged before it (a record was inserted)");
  }

  @Test
  void aTruncatedTailIsNamed(@TempDir Path dir) throws Exception {
    expectFailure(tamper(dir, "DELETE FROM tlog_leaf WHERE idx >= 17"), 17, "the log ends at leaf 16 but the"
        + " checkpoint of tree size 20 (line 6) covers 20 leaves: leaves 17..19 were removed (the tail"
        + " was truncated)");
  }

  @Test
  void aTruncationThatAlsoDropsCheckpointsIsCaughtByASavedCheckpoint(@TempDir Path dir) throws Exception {
    Path db = tamper(dir, "DELETE FROM tlog_leaf WHERE idx >= 12", "DELETE FROM tlog_checkpoint WHERE tree_size > 10");
    CliTest.Run blind = CliTest.run("audit", "verify", "--db", db.toString(), "--key", vkey);
    assertThat(blind.code()).as("the database alone cannot tell").isZero();

    CliTest.Run r = CliTest.run("audit", "verify", "--db", db.toString(), "--key", vkey,
        "--checkpoint", save(dir, checkpoint20).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("FAILED at leaf 12: the log ends at leaf 11 but the checkpoint of tree size 20"
        + " (saved checkpoint ");
  }

  @Test
  void aWrongKeyIsAOneLineError(@TempDir Path dir) throws Exception {
    Path db = copy(dir);
    String other;
    try (LogServer s = LogServer.sqliteAt(dir.resolve("other"), new TransparencySettings("audit.test/log", null))) {
      other = s.log.verifier().text();
    }
    CliTest.Run r = CliTest.run("audit", "verify", "--db", db.toString(), "--key", other);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("FAILED: checkpoint at line 2: the note carries no"
        + " signature of key " + nameAndId(other) + " (it is signed by " + nameAndId(vkey) + ")");

    // A key of the same name and id whose signature fails: a forged or altered checkpoint.
    Path export = dir.resolve("log.jsonl");
    assertThat(CliTest.run("audit", "export", "--db", db.toString(), "--out", export.toString()).code()).isZero();
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(export));
    lines.set(2, lines.get(2).replace("\\n5\\n", "\\n6\\n"));
    Files.write(export, lines);
    CliTest.Run forged = CliTest.run("audit", "verify", "--export", export.toString(), "--key", vkey);
    assertThat(forged.code()).isEqualTo(1);
    assertThat(forged.err()).contains("FAILED: checkpoint at line 3: the signature of key audit.test/log does not"
        + " verify: the note was altered or signed by another key");

    CliTest.Run bad = CliTest.run("audit", "verify", "--db", db.toString(), "--key", "audit.test/log+00000000+AAAA");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--key: ");
  }

  @Test
  void aCheckpointOfAnotherOriginIsRefused(@TempDir Path dir) throws Exception {
    Path db = copy(dir);
    CliTest.Run r = CliTest.run("audit", "verify", "--db", db.toString(), "--key", vkey, "--origin", "audit.test/other");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n")
        .contains("checkpoint at line 2 (tree size 0) is of origin 'audit.test/log', not 'audit.test/other'");

    // The same key reused under another origin signs checkpoints that the first origin's key name does not match.
    try (LogServer s = LogServer.sqliteAt(db, new TransparencySettings("audit.test/renamed", null))) {
      s.append(23, 24);
      s.log.checkpointNow();
    }
    CliTest.Run renamed = CliTest.run("audit", "verify", "--db", db.toString(), "--key", vkey);
    assertThat(renamed.code()).isEqualTo(1);
    assertThat(renamed.err()).contains("carries no signature of key audit.test/log+", "it is signed by audit.test/renamed+");
  }

  @Test
  void aMalformedOrCutOffExportIsAOneLineError(@TempDir Path dir) throws Exception {
    Path export = dir.resolve("log.jsonl");
    CliTest.Run ex = CliTest.run("audit", "export", "--db", copy(dir).toString(), "--out", export.toString());
    assertThat(ex.code()).as(ex.err()).isZero();
    List<String> lines = Files.readAllLines(export);

    Files.write(export, lines.subList(0, lines.size() - 4));
    CliTest.Run cut = CliTest.run("audit", "verify", "--export", export.toString(), "--key", vkey);
    assertThat(cut.code()).isEqualTo(2);
    assertThat(cut.err()).contains("malformed export: the export has no end line: it was cut off after line 26");

    List<String> broken = new java.util.ArrayList<>(lines);
    broken.set(9, broken.get(9).replace("\"canonical\":\"", "\"canonical\":\"%%"));
    Files.write(export, broken);
    CliTest.Run bad = CliTest.run("audit", "verify", "--export", export.toString(), "--key", vkey);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("fairway audit verify: malformed export: line 10: 'canonical' is not base64");

    Files.writeString(export, "not json\n");
    assertThat(CliTest.run("audit", "verify", "--export", export.toString()).err())
        .contains("malformed export: line 1: not a JSON object");

    CliTest.Run missing = CliTest.run("audit", "verify", "--url", "http://127.0.0.1:9", "--key", vkey);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot reach the gateway at http://127.0.0.1:9");

    CliTest.Run both = CliTest.run("audit", "verify", "--url", "http://127.0.0.1:9", "--export", "x");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
  }

  // --- helpers ---

  private static String nameAndId(String verifierKey) {
    return verifierKey.substring(0, verifierKey.indexOf('+', verifierKey.indexOf('+') + 1));
  }

  private static void expectFailure(Path db, long leaf, String message) {
    CliTest.Run r = CliTest.run("audit", "verify", "--db", db.toString(), "--key", vkey);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception")
        .startsWith("fairway audit verify: FAILED at leaf " + leaf + ": ").contains(message);
  }

  interface SqlEdit {
    void apply(Connection c) throws SQLException;
  }

  /** A copy of the log with {@code statements} run on its file, its append-only triggers dropped first. */
  private static Path tamper(Path dir, String... statements) throws Exception {
    Path db = copy(dir);
    sql(db, c -> {
      try (Statement s = c.createStatement()) {
        for (String st : statements) {
          s.executeUpdate(st);
        }
      }
    });
    return db;
  }

  private static void sql(Path db, SqlEdit edit) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.resolve("fairway.db"));
         Statement s = c.createStatement()) {
      for (String t : List.of("tlog_leaf_no_update", "tlog_leaf_no_delete", "tlog_checkpoint_no_delete")) {
        s.executeUpdate("DROP TRIGGER " + t);
      }
      edit.apply(c);
    }
  }

  private static Path copy(Path dir) throws IOException {
    Path to = dir.resolve("db");
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(pristine)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    return to;
  }

  private static Path save(Path dir, String note) throws IOException {
    Path p = dir.resolve("checkpoint-" + note.hashCode() + ".txt");
    Files.writeString(p, note);
    return p;
  }

  private static byte[] leafHash(byte[] bytes) {
    try {
      var d = java.security.MessageDigest.getInstance("SHA-256");
      d.update((byte) 0);
      return d.digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
