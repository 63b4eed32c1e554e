package dev.fairway.routing.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The in-process ONNX sentence embedders Fairway can route with (LangChain4j's quantised builds,
 * from Maven Central, run by ONNX Runtime on the CPU). Each is loaded once per process, on first
 * use.
 *
 * <p>Measured on the shared routing data (5-fold CV, kNN head): all-MiniLM-L6-v2 and
 * bge-small-en-v1.5 route equally well, and MiniLM embeds about 6× faster (6 layers instead of
 * 12), so it is the default.
 */
public final class Embedders {
  public static final String MINILM = "all-minilm-l6-v2-q";
  public static final String BGE = "bge-small-en-v1.5-q";
  public static final List<String> KNOWN = List.of(MINILM, BGE);

  private static final ConcurrentHashMap<String, Embedder> LOADED = new ConcurrentHashMap<>();

  private Embedders() {}

  /** Accepts the ids above and the short names {@code minilm} and {@code bge}. */
  public static String canonical(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "minilm", MINILM, "all-minilm-l6-v2" -> MINILM;
      case "bge", BGE, "bge-small", "bge-small-en-v1.5" -> BGE;
      default -> throw new IllegalArgumentException("unknown embedder '" + name + "' (expected minilm or bge)");
    };
  }

  public static Embedder get(String name) {
    String id = canonical(name);
    return LOADED.computeIfAbsent(id, i -> switch (i) {
      case MINILM -> new LangChainEmbedder(MINILM, AllMiniLmL6V2QuantizedEmbeddingModel::new);
      case BGE -> new LangChainEmbedder(BGE, BgeSmallEnV15QuantizedEmbeddingModel::new);
      default -> throw new IllegalStateException(i);
    });
  }

  private static final class LangChainEmbedder implements Embedder {
    private final String id;
    private final EmbeddingModel model;

    LangChainEmbedder(String id, Supplier<EmbeddingModel> load) {
      this.id = id;
      this.model = load.get();
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public int dimension() {
      return 384;
    }

    @Override
    public float[] embed(String text) {
      return model.embed(text.isEmpty() ? " " : text).content().vector();
    }
  }
}
