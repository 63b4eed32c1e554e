package dev.fairway.eval;

import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.embed.RoutingText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Embeds a dataset's prompts (their routing-text windows) and keeps the vectors on disk, keyed by
 * a hash of the embedder, the window and every text, so re-running an evaluation skips the
 * minutes of ONNX inference. The cache holds numbers only. Default place:
 * {@code $FAIRWAY_CACHE/embeddings}, else {@code ~/.cache/fairway/embeddings}.
 */
public final class EmbeddingCache {
  private final Path dir;

  public EmbeddingCache(Path dir) {
    this.dir = dir;
  }

  public static EmbeddingCache standard() {
    String env = System.getenv("FAIRWAY_CACHE");
    Path base = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "fairway");
    return new EmbeddingCache(base.resolve("embeddings"));
  }

  public float[][] embed(List<String> prompts, Embedder embedder, int window, Progress progress) {
    String[] texts = new String[prompts.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = RoutingText.window(prompts.get(i), window);
    }
    Path file = dir.resolve(key(embedder.id(), window, texts) + ".f32");
    int dim = embedder.dimension();
    if (Files.isRegularFile(file)) {
      try {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length == (long) texts.length * dim * 4) {
          return decode(raw, texts.length, dim);
        }
      } catch (IOException unreadable) {
        // recompute below
      }
    }
    float[][] out = new float[texts.length][];
    progress.start("embedding (" + embedder.id() + ")", texts.length);
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    // Two callers keep ONNX Runtime's threads busy between one prompt and the next.
    java.util.stream.IntStream.range(0, texts.length).parallel().forEach(i -> {
      out[i] = embedder.embed(texts[i]);
      int d = done.incrementAndGet();
      synchronized (progress) {
        progress.update(d);
      }
    });
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "emb", ".tmp");
      Files.write(tmp, encode(out, dim));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      progress.note("note: could not cache embeddings in " + dir + " (" + e.getMessage() + ")");
    }
    return out;
  }

  static String key(String embedder, int window, String[] texts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((embedder + "\u0000" + window + "\u0000").getBytes(StandardCharsets.UTF_8));
      for (String t : texts) {
        md.update(t.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encode(float[][] v, int dim) {
    ByteBuffer b = ByteBuffer.allocate(v.length * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : v) {
      for (float f : row) {
        b.putFloat(f);
      }
    }
    return b.array();
  }

  private static float[][] decode(byte[] raw, int n, int dim) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[][] out = new float[n][dim];
    for (float[] row : out) {
      for (int c = 0; c < dim; c++) {
        row[c] = b.getFloat();
      }
    }
    return out;
  }
}
