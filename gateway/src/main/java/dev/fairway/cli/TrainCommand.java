package dev.fairway.cli;

import dev.fairway.eval.EmbeddingCache;
import dev.fairway.eval.OutcomeData;
import dev.fairway.eval.Progress;
import dev.fairway.eval.Trainer;
import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.embed.Embedders;
import dev.fairway.routing.embed.RoutingText;
import dev.fairway.routing.quality.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fairway train}: fits a router model on outcome data and writes it (numbers only, no prompt text). */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a router model on routing-outcome data (JSON Lines, see ../shared/data/routing/README.md)."
        + " Hyper-parameters are chosen by cross-validation on the data itself. The model holds numbers and"
        + " model ids only, never prompt text; name it in fairway.yaml under routing.model_file.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, arity = "1..*", description = "Outcome data file(s).")
  List<Path> data;

  @Option(names = "--out", required = true, description = "Where to write the model (e.g. router.model).")
  Path out;

  @Option(names = "--embedder", defaultValue = "minilm", description = "minilm (default) or bge.")
  String embedder;

  @Option(names = "--window", defaultValue = "" + RoutingText.DEFAULT_WINDOW,
      description = "Characters of each prompt's end to embed (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds for model selection.")
  int folds;

  @Override
  public Integer call() {
    Embedder emb;
    try {
      emb = Embedders.get(embedder);
    } catch (IllegalArgumentException e) {
      System.err.println("fairway train: " + e.getMessage());
      return 2;
    }
    OutcomeData d;
    try {
      d = OutcomeData.load(data);
    } catch (IOException e) {
      System.err.println("fairway train: " + e.getMessage());
      return 2;
    }
    Progress p = Progress.stderr();
    Trainer.Options o = Trainer.Options.defaults();
    o = new Trainer.Options(o.dimensions(), o.ks(), o.l2s(), folds, o.seed(), o.epochs());
    float[][] e = EmbeddingCache.standard().embed(d.prompts(), emb, window, p);
    Trainer.Trained t = Trainer.train(d, e, emb.id(), window, o, p);
    try {
      ModelFile.write(t.model(), out);
    } catch (IOException ex) {
      System.err.println("fairway train: cannot write " + out + ": " + ex.getMessage());
      return 1;
    }
    Trainer.Selection s = t.selection();
    System.out.println(String.format(Locale.ROOT,
        "trained on %d prompts, %d models; cross-validated AIQ: knn(k=%d) %.4f, logistic(l2=%s) %.4f,"
            + " lexical(k=%d) %.4f, hybrid %.4f -> %s",
        d.size(), d.modelCount(), s.k(), s.knnAiq(), s.l2(), s.logisticAiq(), s.lexicalK(), s.lexicalAiq(),
        s.hybridAiq(), s.chosen()));
    System.out.println("wrote " + out + " (embedder " + emb.id() + ", window " + window + " chars)");
    return 0;
  }
}
