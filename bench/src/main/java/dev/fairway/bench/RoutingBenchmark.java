package dev.fairway.bench;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.eval.EmbeddingCache;
import dev.fairway.eval.OutcomeData;
import dev.fairway.eval.Progress;
import dev.fairway.eval.Trainer;
import dev.fairway.metering.PromptTokens;
import dev.fairway.routing.AutoRouter;
import dev.fairway.routing.PromptSignals;
import dev.fairway.routing.RouteDecision;
import dev.fairway.routing.RouterSpec;
import dev.fairway.routing.StatsSnapshot;
import dev.fairway.routing.TaskClassifier;
import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.embed.Embedders;
import dev.fairway.routing.embed.RoutingText;
import dev.fairway.routing.quality.QualityModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's hot path, for a 500-token prompt over 17 candidates with the heads trained on the
 * shared dcrouter data (5,608 prompts) and the built-in task classes: the event-loop decision
 * (filters, token count, cost, objective) given the prompt's signals, against the same decision on
 * priors only; the signals themselves (projection, kNN scan or logistic head, task similarities,
 * computed on the embedding worker); and the in-process ONNX embedding of the prompt (its
 * 160-character routing window, and the whole prompt) with all-MiniLM-L6-v2 and bge-small-en-v1.5. The data is read from {@code ../shared/data/routing} (or
 * {@code $FAIRWAY_ROUTING_DATA}); embeddings are cached under {@code ~/.cache/fairway}.
 *
 * <p>Run: {@code bench/run jmh RoutingBenchmark}
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class RoutingBenchmark {
  ChatRequest prompt500;
  String window;
  String whole;
  float[] embedding;
  AutoRouter withKnn;
  AutoRouter withLogistic;
  AutoRouter priorsOnly;
  QualityModel model;
  float[] projected;
  PromptSignals knnSignals;
  String lexicalText;
  AutoRouter withHybrid;
  PromptSignals logisticSignals;
  RouterSpec spec;
  Embedder minilm;
  Embedder bge;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path data = dataDir().resolve("dcrouter-train.jsonl");
    OutcomeData d = OutcomeData.load(List.of(data));
    minilm = Embedders.get("minilm");
    bge = Embedders.get("bge");
    float[][] e = EmbeddingCache.standard().embed(d.prompts(), minilm, RoutingText.DEFAULT_WINDOW, Progress.stderr());
    Trainer.Options o = new Trainer.Options(32, new int[] {160}, new double[] {1e-2}, 2, 1, 200);
    model = Trainer.train(d, e, minilm.id(), RoutingText.DEFAULT_WINDOW, o, Progress.NONE).model();

    GatewayConfig cfg = ConfigLoader.loadText("bench.yaml", catalogYaml(d.models()), Map.of());
    spec = cfg.routing().auto();
    Map<String, TaskClassifier> tasks = Map.of("auto", TaskClassifier.of(spec.tasks(), minilm::embed,
        cfg.routing().minTaskSimilarity()));
    withKnn = new AutoRouter(cfg.catalog(), cfg.routing(), model.withChosen("knn"), tasks, PromptTokens::forRouting);
    withLogistic = new AutoRouter(cfg.catalog(), cfg.routing(), model.withChosen("logistic"), tasks,
        PromptTokens::forRouting);
    withHybrid = new AutoRouter(cfg.catalog(), cfg.routing(), model.withChosen("hybrid"), tasks,
        PromptTokens::forRouting);
    priorsOnly = new AutoRouter(cfg.catalog(), cfg.routing(), null, Map.of(), PromptTokens::forRouting);

    whole = ("Our support team receives about two thousand tickets a week across email, chat and phone. "
        + "Each ticket has a subject, a free-text body, a customer tier and a product area. We want to route "
        + "tickets to the right queue automatically and flag the urgent ones. ").repeat(9)
        + "Given the ticket below, say which queue it belongs to and whether it is urgent.\n"
        + "Ticket: the invoice export has failed three times today and our month-end close is tomorrow.";
    prompt500 = ChatRequest.builder("auto").messages(List.of(Message.user(whole))).build();
    window = RoutingText.of(prompt500, RoutingText.DEFAULT_WINDOW);
    embedding = minilm.embed(window);
    projected = model.projection().apply(embedding);
    lexicalText = RoutingText.of(prompt500, RoutingText.LEXICAL_WINDOW);
    knnSignals = withKnn.signals(spec, embedding, lexicalText);
    logisticSignals = withLogistic.signals(spec, embedding, lexicalText);
    System.err.println("prompt tokens (o200k): " + PromptTokens.inputTokens(prompt500) + ", window chars: "
        + window.length());
  }

  static Path dataDir() {
    String env = System.getenv("FAIRWAY_ROUTING_DATA");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "data", "routing");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("routing data not found at " + p.toAbsolutePath()
          + " (run from the repository, or set FAIRWAY_ROUTING_DATA)");
    }
    return p;
  }

  /** The nine dcrouter models at the data's prices, plus eight well-known catalog models with priors. */
  static String catalogYaml(List<String> dataModels) {
    StringBuilder y = new StringBuilder("catalog: {builtin: true}\nproviders:\n  local: {protocol: openai, base_url: "
        + "\"http://127.0.0.1:9/v1\"}\nmodels:\n");
    for (String m : dataModels) {
      y.append("  - {id: ").append(m).append(", owner: open, prices: {input: 0.2, output: 0.2}, context_window: 131072,")
          .append(" capabilities: [tools, json], deployments: [{provider: local, model: ").append(m).append("}]}\n");
    }
    for (String m : List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-flash",
        "gpt-5", "gpt-5-mini", "gpt-5-nano")) {
      y.append("  - {id: ").append(m).append(", deployments: [{provider: local, model: ").append(m).append("}]}\n");
    }
    return y.toString();
  }

  /** The decision on priors alone (no model file, no task classes): the baseline of the decision's cost. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public RouteDecision decidePriorsOnly() {
    return priorsOnly.route(prompt500, spec.withTasks(List.of()), PromptSignals.NONE, StatsSnapshot.EMPTY, null, null);
  }

  /** What runs on the event loop: filters, token count, cost, objective, given the prompt's signals. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public RouteDecision decideKnn() {
    return withKnn.route(prompt500, spec, knnSignals, StatsSnapshot.EMPTY, null, null);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public RouteDecision decideLogistic() {
    return withLogistic.route(prompt500, spec, logisticSignals, StatsSnapshot.EMPTY, null, null);
  }

  /** What runs on the embedding worker after the embedding: projection, kNN scan, task classes. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public PromptSignals signalsKnn() {
    return withKnn.signals(spec, embedding, lexicalText);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public PromptSignals signalsLogistic() {
    return withLogistic.signals(spec, embedding, lexicalText);
  }

  /** The hybrid head: the kNN scan plus the lexical kNN over the prompt's words. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public PromptSignals signalsHybrid() {
    return withHybrid.signals(spec, embedding, lexicalText);
  }

  /** The whole decision from an embedding, both halves on one thread. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public RouteDecision signalsAndDecideKnn() {
    return withKnn.route(prompt500, spec, embedding, StatsSnapshot.EMPTY, null, null);
  }

  /** The kNN head alone (scan and selection over 5,608 prompts), for the decision's breakdown. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public double[] knnPredictionOnly() {
    double[] out = new double[model.models().size()];
    model.knn().predict(projected, out);
    return out;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public float[] projectionOnly() {
    return model.projection().apply(embedding);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public RouteDecision embedWindowAndDecideMiniLm() {
    return withKnn.route(prompt500, spec, minilm.embed(RoutingText.of(prompt500, RoutingText.DEFAULT_WINDOW)),
        StatsSnapshot.EMPTY, null, null);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public float[] embedWindowBge() {
    return bge.embed(window);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public float[] embedWholePromptMiniLm() {
    return minilm.embed(whole);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public float[] embedWholePromptBge() {
    return bge.embed(whole);
  }
}
