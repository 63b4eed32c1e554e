package dev.fairway.routing;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.eval.EmbeddingCache;
import dev.fairway.eval.OutcomeData;
import dev.fairway.eval.Progress;
import dev.fairway.eval.Trainer;
import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.embed.RoutingText;
import dev.fairway.routing.embed.Embedders;
import dev.fairway.routing.quality.ModelFile;
import dev.fairway.testing.Http;
import dev.fairway.testing.OutcomeFiles;
import dev.fairway.testing.RoutingData;
import dev.fairway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole loop: outcome data → trained router model file → a gateway that loads it and routes
 * each prompt to the model the data says is good enough for it.
 */
class TrainedRouterHttpTest {
  static Path dir;
  static TestGateway t;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("fairway-router");
    OutcomeData data = OutcomeData.load(List.of(OutcomeFiles.twoKinds(dir, 80, 1)));
    Embedder e = Embedders.get("minilm");
    float[][] emb = new EmbeddingCache(RoutingData.embeddingCache()).embed(data.prompts(), e, RoutingText.DEFAULT_WINDOW, Progress.NONE);
    Trainer.Trained trained = Trainer.train(data, emb, e.id(), RoutingText.DEFAULT_WINDOW,
        new Trainer.Options(16, new int[] {5, 10}, new double[] {1e-2}, 3, 1, 100), Progress.NONE);
    Path model = dir.resolve("router.model");
    ModelFile.write(trained.model(), model);
    String models = String.join("", List.of("strong", "mathy", "chatty").stream().map(id ->
        "  - {id: " + id + ", owner: o-" + id + ", prices: {input: " + (id.equals("strong") ? "10" : "1") + ", output: "
            + (id.equals("strong") ? "10" : "1") + "}, context_window: 8000, quality: 0.5,"
            + " deployments: [{provider: mock, model: " + id + "}]}\n").toList());
    t = TestGateway.start("providers:\n  mock: {protocol: openai, base_url: \"${MOCK}/v1\", api_key: k}\n"
        + "models:\n" + models
        + "routing:\n  model_file: " + model + "\n"
        + "routers:\n  data-router:\n    objective: {type: threshold, delta: 0.1}\n");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void sendsEachKindOfPromptToTheCheapModelTheDataSaysCanAnswerIt() {
    Http.Response math = t.http.post("/v1/chat/completions", chat("data-router", "Compute 417 times 23 and show the product"));
    Http.Response chat = t.http.post("/v1/chat/completions", chat("data-router", "Say hello to my friend Linus in a warm tone"));
    assertThat(math.header("x-fairway-model")).isEqualTo("mathy");
    assertThat(chat.header("x-fairway-model")).isEqualTo("chatty");
    assertThat(math.header("x-fairway-route")).contains("chosen=mathy (q=").contains(" data ");
  }

  @Test
  void evenInQualityModeEqualPredictedQualityGoesToTheCheaperModel() {
    // strong and mathy both solved every arithmetic prompt in the data: paying 10x buys nothing.
    Http.Response r = t.http.post("/v1/chat/completions", chat("auto:quality", "Compute 9 times 8 and show the product"));
    assertThat(r.header("x-fairway-model")).isEqualTo("mathy");
    assertThat(r.header("x-fairway-route")).contains("runner_up=strong");
  }
}
