package dev.fairway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Small synthetic routing-outcome files: arithmetic prompts that {@code strong} and {@code mathy}
 * get right, greetings that {@code strong} and {@code chatty} get right; {@code strong} costs ten
 * times the others.
 */
public final class OutcomeFiles {
  private OutcomeFiles() {}

  private static final String[] NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Dennis", "Margaret"};

  public static Path twoKinds(Path dir, int n, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean math = i % 2 == 0;
      String prompt = math ? "Compute " + r.nextInt(1000) + " times " + r.nextInt(1000) + " and show the product"
          : "Say hello to my friend " + NAMES[r.nextInt(NAMES.length)] + " in a warm tone";
      lines.add(String.format(Locale.ROOT, "{\"id\": \"p%d\", \"task\": \"%s\", \"prompt\": \"%s\", \"outcomes\": {"
          + "\"strong\": {\"score\": 1, \"cost_usd\": 0.01, \"response\": null},"
          + "\"mathy\": {\"score\": %d, \"cost_usd\": 0.001, \"response\": null},"
          + "\"chatty\": {\"score\": %d, \"cost_usd\": 0.001, \"response\": null}}}",
          i, math ? "math" : "chat", prompt, math ? 1 : 0, math ? 0 : 1));
    }
    Path f = dir.resolve("two-kinds-" + seed + ".jsonl");
    Files.write(f, lines);
    return f;
  }
}
