package dev.fairway.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared routing-outcome data ({@code ../shared/data/routing/} beside the repository),
 * which tests read in place and never copy: {@code $FAIRWAY_ROUTING_DATA}, else the nearest
 * {@code shared/data/routing} above the working directory, else {@code /work/shared/data/routing}.
 */
public final class RoutingData {
  private RoutingData() {}

  public static Path dir() {
    String env = System.getenv("FAIRWAY_ROUTING_DATA");
    if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared/data/routing");
      if (Files.isRegularFile(c.resolve("routerbench-train.jsonl"))) {
        return c;
      }
    }
    Path fallback = Path.of("/work/shared/data/routing");
    return Files.isDirectory(fallback) ? fallback : null;
  }

  /** Where tests keep computed embeddings between runs (inside the build directory). */
  public static Path embeddingCache() {
    return Path.of("target", "embedding-cache").toAbsolutePath();
  }
}
