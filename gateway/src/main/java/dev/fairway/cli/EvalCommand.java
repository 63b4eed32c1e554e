package dev.fairway.cli;

import dev.fairway.eval.EmbeddingCache;
import dev.fairway.eval.Evaluation;
import dev.fairway.eval.OutcomeData;
import dev.fairway.eval.Plot;
import dev.fairway.eval.Progress;
import dev.fairway.eval.ReportWriter;
import dev.fairway.eval.Trainer;
import dev.fairway.routing.embed.Embedders;
import dev.fairway.routing.embed.RoutingText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fairway eval}: replays every router on outcome data and reports curves and figures. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Replay every router on routing-outcome data: single models, oracle, zero router, the hashed"
        + " TF-IDF kNN baseline and each Fairway router, with cost-quality curves.",
        "  fairway eval --train TRAIN.jsonl --test TEST.jsonl [--json OUT.json] [--plot OUT.svg]",
        "  fairway eval --cv 5 FILE.jsonl"})
final class EvalCommand implements Callable<Integer> {

  @Option(names = "--train", description = "Training data (with --test).")
  Path train;

  @Option(names = "--test", description = "Held-out test data (with --train).")
  Path test;

  @Option(names = "--cv", description = "Cross-validate with this many folds on FILE instead.")
  Integer cv;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Data for --cv.")
  Path file;

  @Option(names = "--json", description = "Write the figures and curves as JSON.")
  Path json;

  @Option(names = "--plot", description = "Write the cost-quality plot as SVG (a PNG beside it too).")
  Path plot;

  @Option(names = "--embedders", split = ",", defaultValue = "minilm",
      description = "Embedders to compare; the first is the default router's (default: ${DEFAULT-VALUE}; e.g. minilm,bge).")
  List<String> embedders;

  @Option(names = "--window", defaultValue = "" + RoutingText.DEFAULT_WINDOW,
      description = "Characters of each prompt's end to embed (default: ${DEFAULT-VALUE}).")
  int window;

  @Override
  public Integer call() {
    boolean split = train != null || test != null;
    if (split == (cv != null) || split && (train == null || test == null) || cv != null && file == null) {
      System.err.println("fairway eval: give either --train TRAIN --test TEST, or --cv K FILE");
      return 2;
    }
    List<String> names = new ArrayList<>();
    try {
      for (String e : embedders) {
        names.add(Embedders.canonical(e));
      }
    } catch (IllegalArgumentException e) {
      System.err.println("fairway eval: " + e.getMessage());
      return 2;
    }
    Progress progress = Progress.stderr();
    Evaluation ev = new Evaluation(Embedders::get, EmbeddingCache.standard(), Trainer.Options.defaults(), window,
        progress);
    Evaluation.Report report;
    String title;
    try {
      if (split) {
        report = ev.split(OutcomeData.load(List.of(train)), OutcomeData.load(List.of(test)), names);
        title = "Fairway routers: trained on " + train.getFileName() + ", tested on " + test.getFileName();
      } else {
        if (cv < 2) {
          System.err.println("fairway eval: --cv needs at least 2 folds");
          return 2;
        }
        report = ev.crossValidate(OutcomeData.load(List.of(file)), cv, names);
        title = "Fairway routers: " + cv + "-fold cross-validation on " + file.getFileName();
      }
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("fairway eval: " + e.getMessage());
      return 2;
    }
    System.out.print(ReportWriter.table(report));
    try {
      if (json != null) {
        ReportWriter.json(report, json);
        System.out.println("wrote " + json);
      }
      if (plot != null) {
        Plot.svg(report, title, plot);
        Path png = plot.resolveSibling(plot.getFileName().toString().replaceFirst("\\.svg$", "") + ".png");
        Plot.png(report, title, png);
        System.out.println("wrote " + plot + " and " + png);
      }
    } catch (IOException e) {
      System.err.println("fairway eval: cannot write output: " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
