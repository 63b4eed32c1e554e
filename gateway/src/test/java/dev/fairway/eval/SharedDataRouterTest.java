package dev.fairway.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fairway.routing.embed.Embedders;
import dev.fairway.routing.embed.RoutingText;
import dev.fairway.testing.RoutingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router on the real routing-outcome data, read in place from {@code ../shared/data/routing/}:
 * trained on a random two thirds of each file with the real ONNX embedder, tested on the rest. The
 * full figures (5-fold, nested cross-validation) come from {@code ./fairway eval}; this test keeps
 * them from regressing below the references every router must beat.
 */
class SharedDataRouterTest {
  static Evaluation.Report run(String file) throws IOException {
    Path dir = RoutingData.dir();
    assumeTrue(dir != null, "shared routing data not found (set FAIRWAY_ROUTING_DATA)");
    OutcomeData all = OutcomeData.load(List.of(dir.resolve(file)));
    Folds f = Folds.of(all.size(), 3, 11);
    OutcomeData test = all.subset(f.test()[0]);
    OutcomeData train = all.subset(f.train(0, all.size()));
    Trainer.Options o = new Trainer.Options(32, new int[] {40, 160}, new double[] {1e-2}, 3, 1, 150);
    Evaluation ev = new Evaluation(Embedders::get, new EmbeddingCache(RoutingData.embeddingCache()), o, RoutingText.DEFAULT_WINDOW,
        Progress.NONE);
    return ev.split(train, test, List.of("minilm"));
  }

  @Test
  void onRouterBenchTheRouterBeatsTheZeroRouter() throws IOException {
    Evaluation.Report r = run("routerbench-train.jsonl");
    Singles.Figures auto = r.routers().get(0).figures();
    assertThat(auto.aiq()).isGreaterThan(r.zeroRouter().aiq() + 0.01);
    assertThat(auto.costAt95()).isLessThan(0.75 * r.zeroRouter().costAt95());
  }

  @Test
  void onDcRouterTheRouterBeatsTheBestSingleModelAtItsCost() throws IOException {
    Evaluation.Report r = run("dcrouter-train.jsonl");
    Singles.Figures auto = r.routers().get(0).figures();
    assertThat(auto.aiq()).isGreaterThan(0.56).isGreaterThan(r.zeroRouter().aiq());
    assertThat(auto.maxQualityAtBestCost()).isGreaterThan(r.singles().best().quality());
  }
}
