package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.testing.OutcomeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fairway route}, {@code train} and {@code eval} as a user runs them. */
class RouterCliTest {
  static CliTest.Run run(String... args) {
    return CliTest.run(args);
  }

  @Test
  void routeExplainPrintsEveryCandidateWithItsPredictions() {
    CliTest.Run r = run("route", "--demo", "--explain", "Plan a three-phase migration of our billing system to the cloud.");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("router: auto").contains("task: planning").contains("rank").contains("quality")
        .contains("cost (USD)").contains("claude-sonnet-4-5").contains("llama-3.1-8b").contains("chosen by");
  }

  @Test
  void routeExplainsWhyAModelWasDropped() {
    CliTest.Run r = run("route", "--demo", "--model", "auto:cost", "--max-tokens", "300000", "hello");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("exceeds its 128000-token window").contains("gemini-2.5-flash");
  }

  @Test
  void trainWritesAModelThatEvalAndServeCanUse(@TempDir Path dir) throws Exception {
    Path train = OutcomeFiles.twoKinds(dir, 60, 1);
    Path test = OutcomeFiles.twoKinds(dir, 40, 2);
    Path model = dir.resolve("router.model");

    CliTest.Run t = run("train", "--data", train.toString(), "--out", model.toString(), "--folds", "3");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("trained on 60 prompts, 3 models").contains("wrote " + model);
    assertThat(Files.size(model)).isPositive();

    Path json = dir.resolve("eval.json");
    Path svg = dir.resolve("eval.svg");
    CliTest.Run e = run("eval", "--train", train.toString(), "--test", test.toString(), "--json", json.toString(),
        "--plot", svg.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("zero router").contains("fairway-auto").contains("baseline-tfidf-knn");
    var root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.at("/routers/0/name").asText()).isEqualTo("fairway-auto");
    assertThat(root.at("/best_single/model").asText()).isEqualTo("strong");
    assertThat(Files.exists(dir.resolve("eval.png"))).isTrue();
  }

  @Test
  void evalCrossValidatesAFile(@TempDir Path dir) throws Exception {
    CliTest.Run e = run("eval", "--cv", "3", OutcomeFiles.twoKinds(dir, 60, 3).toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("3-fold cross-validation");
  }

  @Test
  void badUsageGetsAClearMessage(@TempDir Path dir) {
    assertThat(run("eval").err()).contains("give either --train TRAIN --test TEST, or --cv K FILE");
    CliTest.Run missing = run("train", "--data", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("m").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.jsonl: file not found");
    assertThat(run("train", "--data", "x", "--out", "y", "--embedder", "word2vec").err())
        .contains("unknown embedder 'word2vec'");
  }
}
