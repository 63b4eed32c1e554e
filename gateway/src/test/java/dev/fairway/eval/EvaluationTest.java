package dev.fairway.eval;

import dev.fairway.routing.embed.RoutingText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.routing.quality.ModelFile;
import dev.fairway.testing.OutcomeFiles;
import dev.fairway.routing.quality.QualityModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  @TempDir
  Path dir;

  Evaluation evaluation() {
    Trainer.Options o = new Trainer.Options(16, new int[] {5, 20}, new double[] {1e-2}, 3, 1, 150);
    return new Evaluation(name -> new FakeEmbedder(), new EmbeddingCache(dir.resolve("cache")), o, RoutingText.DEFAULT_WINDOW, Progress.NONE);
  }

  @Test
  void aRouterThatTellsPromptKindsApartBeatsEverySingleModelAndTheZeroRouter() throws IOException {
    OutcomeData train = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 300, 1)));
    OutcomeData test = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 200, 2)));

    Evaluation.Report r = evaluation().split(train, test, List.of("fake"));

    assertThat(r.routers().get(0).name()).isEqualTo("fairway-auto");
    Singles.Figures auto = r.routers().get(0).figures();
    assertThat(r.singles().best().model()).isEqualTo("strong");
    assertThat(auto.aiq()).isGreaterThan(r.zeroRouter().aiq() + 0.05);
    // Specialists answer 90% right at a tenth of the price: 95% of strong's quality comes far cheaper.
    assertThat(auto.costAt95()).isLessThan(0.5 * r.singles().best().costPer1k());
    assertThat(r.routers()).extracting(Evaluation.RouterResult::name)
        .contains("fairway-knn", "fairway-logistic", "fairway-knn-threshold", "baseline-tfidf-knn");
  }

  @Test
  void theTaskLabelReferencePredictsEachModelsMeanScoreOnThePromptsTask() {
    List<String> models = List.of("a", "b");
    OutcomeData train = new OutcomeData(List.of("1", "2", "3", "4"), List.of("math", "math", "chat", "chat"),
        List.of("p1", "p2", "p3", "p4"), models,
        new double[][] {{1, 0}, {0, 0}, {0, 1}, {0, Double.NaN}},
        new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}});
    OutcomeData test = new OutcomeData(List.of("5", "6", "7"), List.of("chat", "math", "poetry"),
        List.of("p5", "p6", "p7"), models, new double[][] {{0, 0}, {0, 0}, {0, 0}},
        new double[][] {{1, 1}, {1, 1}, {1, 1}});

    double[][] q = Evaluation.taskLabelMeans(train, test);

    assertThat(q[0]).containsExactly(0.0, 1.0); // chat: b measured once, and right
    assertThat(q[1]).containsExactly(0.5, 0.0); // math
    assertThat(q[2][0]).isEqualTo(0.25); // an unseen task: the overall means
    assertThat(q[2][1]).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void writesTheJsonShapeTheReadmeDocumentsAndThePlots() throws IOException {
    OutcomeData train = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 200, 3)));
    OutcomeData test = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 100, 4)));
    Evaluation.Report r = evaluation().split(train, test, List.of("fake"));

    Path json = dir.resolve("out.json");
    ReportWriter.json(r, json);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.path("best_single").path("model").asText()).isEqualTo("strong");
    assertThat(root.path("best_single").has("quality")).isTrue();
    assertThat(root.path("best_single").has("cost_per_1k")).isTrue();
    assertThat(root.path("oracle").path("quality").asDouble()).isGreaterThanOrEqualTo(
        root.path("best_single").path("quality").asDouble());
    JsonNode first = root.path("routers").path(0);
    assertThat(first.path("name").asText()).isEqualTo("fairway-auto");
    for (String f : List.of("cost_at_95_per_1k", "aiq", "max_quality_at_best_cost", "curve")) {
      assertThat(first.has(f)).as(f).isTrue();
    }
    assertThat(first.path("curve").path(0).size()).isEqualTo(2);

    Path svg = dir.resolve("plot.svg");
    Plot.svg(r, "test", svg);
    assertThat(Files.readString(svg)).startsWith("<svg").contains("fairway-auto").contains("zero router");
    Path png = dir.resolve("plot.png");
    Plot.png(r, "test", png);
    assertThat(Files.readAllBytes(png)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(ReportWriter.table(r)).contains("zero router").contains("oracle").contains("fairway-auto");
  }

  @Test
  void crossValidationPoolsOutOfFoldPredictionsOverTheWholeFile() throws IOException {
    OutcomeData d = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 240, 5)));
    Evaluation.Report r = evaluation().crossValidate(d, 3, List.of("fake"));
    assertThat(r.testPrompts()).isEqualTo(240);
    assertThat(r.selections()).hasSize(3);
    assertThat(r.routers().get(0).figures().aiq()).isGreaterThan(r.zeroRouter().aiq());
  }

  @Test
  void aTrainedModelRoundTripsThroughItsFileWithNumbersOnly() throws IOException {
    OutcomeData train = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 120, 6)));
    FakeEmbedder e = new FakeEmbedder();
    float[][] emb = new EmbeddingCache(dir.resolve("c")).embed(train.prompts(), e, RoutingText.DEFAULT_WINDOW, Progress.NONE);
    Trainer.Trained t = Trainer.train(train, emb, e.id(), RoutingText.DEFAULT_WINDOW,
        new Trainer.Options(16, new int[] {5, 10}, new double[] {1e-2}, 3, 1, 100), Progress.NONE);
    Path f = dir.resolve("router.model");
    ModelFile.write(t.model(), f);
    QualityModel back = ModelFile.read(f);
    assertThat(back.models()).isEqualTo(t.model().models());
    assertThat(back.chosen()).isEqualTo(t.model().chosen());
    float[] probe = e.embed("Compute 12 times 34 and show the product");
    String text = "Compute 12 times 34 and show the product";
    assertThat(back.predict(probe, text)).containsExactly(t.model().predict(probe, text));
    assertThat(back.lexicalK()).isEqualTo(t.model().lexicalK());
    // numbers only: no prompt text in the file
    String content = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes());
    assertThat(content).doesNotContain("Compute").doesNotContain("hello");
  }

  @Test
  void aFileThatIsNotAModelIsRefusedClearly() throws IOException {
    Path f = dir.resolve("not.model");
    Files.writeString(f, "hello");
    assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(IOException.class).hasMessageContaining("not a Fairway router model");
  }

  @Test
  void malformedOutcomeDataNamesFileAndLine() throws IOException {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"prompt\": \"a\", \"outcomes\": {\"m\": {\"score\": 1, \"cost_usd\": 0.1}}}\n{oops\n");
    assertThatThrownBy(() -> OutcomeData.load(List.of(f))).hasMessage(f + ":2: not valid JSON");
    Files.writeString(f, "{\"prompt\": \"a\", \"outcomes\": {\"m\": {\"score\": 3, \"cost_usd\": 0.1}}}\n");
    assertThatThrownBy(() -> OutcomeData.load(List.of(f))).hasMessageContaining(":1: outcomes.m: score must be in [0, 1]");
  }

  @Test
  void singlesOracleAndZeroRouterFollowTheirDefinitions() throws IOException {
    Path f = dir.resolve("tiny.jsonl");
    Files.write(f, List.of(
        "{\"prompt\": \"a\", \"outcomes\": {\"big\": {\"score\": 1, \"cost_usd\": 0.01}, \"small\": {\"score\": 1, \"cost_usd\": 0.001}}}",
        "{\"prompt\": \"b\", \"outcomes\": {\"big\": {\"score\": 1, \"cost_usd\": 0.01}, \"small\": {\"score\": 0, \"cost_usd\": 0.001}}}"));
    Singles s = Singles.of(OutcomeData.load(List.of(f)));
    assertThat(s.best().model()).isEqualTo("big");
    assertThat(s.oracle().quality()).isEqualTo(1.0);
    assertThat(s.oracle().costPer1k()).isCloseTo(5.5, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(s.zeroRouter().qualityAt(5.5)).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-9));
  }
}
