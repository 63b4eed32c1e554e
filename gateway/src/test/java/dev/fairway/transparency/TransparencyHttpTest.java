package dev.fairway.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's endpoints over real HTTP: shapes, errors, and an independent verifier in Python. */
class TransparencyHttpTest {
  static LogServer server;
  static Http http;
  static String firstCheckpoint;

  @BeforeAll
  static void start() {
    server = LogServer.sqlite();
    http = new Http(server.url());
    server.append(0, 5);
    firstCheckpoint = server.log.checkpointNow().note();
    server.append(5, 300);
    server.log.checkpointNow();
    server.append(300, 303); // logged, not yet in a checkpoint
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesTheKeyAsAVerifierKeyRawAndJson() throws Exception {
    Http.Response text = http.get("/transparency/key");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.header("content-type")).startsWith("text/plain");
    NoteVerifier v = NoteVerifier.parse(text.body());
    assertThat(v.name()).isEqualTo(server.log.origin());

    JsonNode j = http.get("/transparency/key?format=json").json();
    assertThat(j.get("verifier_key").asText()).isEqualTo(v.text());
    assertThat(Base64.getDecoder().decode(j.get("public_key").asText())).isEqualTo(v.publicKey());
    assertThat(j.get("public_key_pem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(j.get("key_id").asText()).isEqualTo(String.format("%08x", v.keyId()));

    HttpResponse<byte[]> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url() + "/transparency/key?format=raw")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(raw.body()).isEqualTo(v.publicKey());
  }

  @Test
  void servesTheLatestCheckpointAsASignedNote() {
    Http.Response r = http.get("/transparency/checkpoint");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("text/plain");
    Checkpoint cp = Checkpoint.parse(server.log.verifier().verify(r.body()));
    assertThat(cp.size()).isEqualTo(300);
    assertThat(r.body()).startsWith(server.log.origin() + "\n300\n").contains("\n\n\u2014 " + server.log.origin() + " ");
  }

  @Test
  void anInclusionProofHasTheDocumentedShapeAndVerifies() {
    JsonNode p = http.get("/transparency/proof/inclusion?decision=d-123").json();
    assertThat(p.get("leaf_index").asLong()).isEqualTo(123);
    assertThat(p.get("tree_size").asLong()).isEqualTo(300);
    Checkpoint cp = Checkpoint.parse(server.log.verifier().verify(p.get("checkpoint").asText()));
    byte[] leaf = Base64.getDecoder().decode(p.get("leaf_hash").asText());
    List<byte[]> proof = new ArrayList<>();
    p.get("proof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
    assertThat(proof).hasSize(9);
    assertThat(ProofVerifier.verifyInclusion(123, 300, leaf, proof, cp.root())).isTrue();

    JsonNode l = http.get("/v1/fairway/decisions/d-123?format=leaf").json();
    byte[] canonical = Base64.getDecoder().decode(l.get("canonical").asText());
    assertThat(canonical).isEqualTo(LogFixtures.record(123).canonical());
    assertThat(Merkle.leafHash(canonical)).isEqualTo(leaf);
    assertThat(l.get("leaf_index").asLong()).isEqualTo(123);
  }

  @Test
  void aConsistencyProofHasTheDocumentedShapeAndVerifies() {
    JsonNode c = http.get("/transparency/proof/consistency?from=5&to=300").json();
    assertThat(c.get("from").asLong()).isEqualTo(5);
    assertThat(c.get("to").asLong()).isEqualTo(300);
    List<byte[]> proof = new ArrayList<>();
    c.get("proof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
    Checkpoint old = Checkpoint.parse(server.log.verifier().verify(firstCheckpoint));
    Checkpoint now = Checkpoint.parse(server.log.verifier().verify(http.get("/transparency/checkpoint").body()));
    assertThat(ProofVerifier.verifyConsistency(5, 300, old.root(), now.root(), proof)).isTrue();
    assertThat(http.get("/transparency/proof/consistency?from=300&to=300").json().get("proof")).isEmpty();
  }

  @Test
  void badParametersAreOpenAiErrorsNamingTheParameter() {
    expectError("/transparency/proof/inclusion", 400, "decision", "missing_required_parameter");
    expectError("/transparency/proof/inclusion?decision=", 400, "decision", "missing_required_parameter");
    expectError("/transparency/proof/inclusion?decison=d-1", 400, "decison", "unknown_parameter");
    expectError("/transparency/proof/inclusion?decision=d-1&decision=d-2", 400, "decision", "invalid_value");
    expectError("/transparency/proof/inclusion?decision=%3Cscript%3E", 400, "decision", "invalid_value");
    expectError("/transparency/proof/inclusion?decision=d-999", 404, "decision", "decision_not_found");
    expectError("/transparency/proof/consistency?from=1", 400, "to", "missing_required_parameter");
    expectError("/transparency/proof/consistency?from=x&to=3", 400, "from", "invalid_type");
    expectError("/transparency/proof/consistency?from=-1&to=3", 400, "from", "invalid_type");
    expectError("/transparency/proof/consistency?from=0&to=3", 400, "from", "invalid_value");
    expectError("/transparency/proof/consistency?from=9&to=3", 400, "to", "invalid_value");
    expectError("/transparency/proof/consistency?from=1&to=301", 400, "to", "invalid_value");
    expectError("/transparency/proof/consistency?from=1&to=99999999999999999999", 400, "to", "invalid_type");
    expectError("/transparency/key?format=pem", 400, "format", "unsupported_value");
    expectError("/transparency/checkpoint?x=1", 400, "x", "unknown_parameter");
    expectError("/v1/fairway/decisions/d-999?format=leaf", 404, "id", "decision_not_found");
    expectError("/admin/transparency/export?limit=0", 400, "limit", "invalid_value");
    expectError("/admin/transparency/export?limit=10001", 400, "limit", "invalid_value");

    Http.Response r = http.get("/transparency/proof/inclusion?decision=d-301");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("retry-after")).isEqualTo("10");
    assertThat(r.json().at("/error/code").asText()).isEqualTo("not_yet_checkpointed");
    assertThat(r.json().at("/error/message").asText()).contains("no signed checkpoint covers it yet");
  }

  @Test
  void exportsLeavesAndCheckpointsInPages() {
    Http.Response page = http.get("/admin/transparency/export?from_index=298&limit=10");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).isEqualTo("application/x-ndjson");
    List<ExportFormat.Line> lines = page.body().lines().map(ExportFormat::parse).toList();
    assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l).isInstanceOf(ExportFormat.Leaf.class));
    ExportFormat.Leaf first = (ExportFormat.Leaf) lines.get(0);
    assertThat(first.index()).isEqualTo(298);
    assertThat(first.decisionId()).isEqualTo("d-298");
    assertThat(first.canonical()).isEqualTo(LogFixtures.record(298).canonical());

    List<ExportFormat.Line> cps = http.get("/admin/transparency/checkpoints?from_size=1").body().lines()
        .map(ExportFormat::parse).toList();
    assertThat(cps).extracting(l -> ((ExportFormat.CheckpointLine) l).treeSize()).containsExactly(5L, 300L);
  }

  @Test
  void anIndependentPythonVerifierAcceptsTheServedProofsAndSignatures(@TempDir Path dir) throws Exception {
    assumeThat(python("import cryptography")).as("python3 with the cryptography package").isZero();
    Path script = dir.resolve("verify_proofs.py");
    try (InputStream in = getClass().getResourceAsStream("/transparency/verify_proofs.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path old = dir.resolve("old-checkpoint");
    Files.writeString(old, firstCheckpoint);

    List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), server.url(), old.toString()));
    for (int i : new int[] {0, 1, 4, 5, 15, 16, 17, 128, 255, 256, 299}) {
      cmd.add("d-" + i);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("key ok", "checkpoint ok 300", "inclusion ok d-299 299 300", "consistency ok 5 300")
        .doesNotContain("FAIL");
    assertThat(p.exitValue()).as(out).isZero();

    // The same verifier refuses a checkpoint whose text was changed after signing.
    Files.writeString(old, firstCheckpoint.replaceFirst("\n5\n", "\n6\n"));
    Process bad = new ProcessBuilder("python3", script.toString(), server.url(), old.toString())
        .redirectErrorStream(true).start();
    String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(badOut).contains("FAIL: checkpoint signature does not verify");
    assertThat(bad.exitValue()).isEqualTo(1);
  }

  private static int python(String code) {
    try {
      Process p = new ProcessBuilder("python3", "-c", code).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private static void expectError(String path, int status, String param, String code) {
    Http.Response r = http.get(path);
    assertThat(r.status()).as(path).isEqualTo(status);
    assertThat(r.header("content-type")).as(path).startsWith("application/json");
    JsonNode e = r.json().get("error");
    assertThat(e).as(path + ": " + r.body()).isNotNull();
    assertThat(e.get("param").asText()).as(path).isEqualTo(param);
    assertThat(e.get("code").asText()).as(path).isEqualTo(code);
    assertThat(e.get("message").asText()).as(path).isNotBlank().doesNotContain("Exception");
  }
}
