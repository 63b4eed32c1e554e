package dev.fairway.routing.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process ONNX sentence embedders Fairway can route with: LangChain4j's quantised builds of
 * all-MiniLM-L6-v2 (mean pooling) and bge-small-en-v1.5 (CLS pooling), from Maven Central, run by
 * ONNX Runtime on the CPU. Each is loaded once per process, on first use.
 *
 * <p>LangChain4j's own model classes open their ONNX session with default options; here the
 * session gets one intra-op thread per core, which halves single-prompt latency on a 2-core
 * machine (77 tokens: 13.2 ms → 6.2 ms). The tokenizer, pooling and normalisation are
 * LangChain4j's.
 *
 * <p>Measured on the shared routing data (5-fold CV, kNN head): the two route equally well, and
 * MiniLM embeds 2-5× faster (6 layers instead of 12), so it is the default.
 */
public final class Embedders {
  public static final String MINILM = "all-minilm-l6-v2-q";
  public static final String BGE = "bge-small-en-v1.5-q";

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
      case MINILM -> new OnnxEmbedder(MINILM, PoolingMode.MEAN);
      case BGE -> new OnnxEmbedder(BGE, PoolingMode.CLS);
      default -> throw new IllegalStateException(i);
    });
  }

  /** A LangChain4j in-process model over a session opened with Fairway's options. */
  private static final class TunedModel extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    TunedModel(String id, PoolingMode pooling) {
      super(Runnable::run);
      try (InputStream model = resource(id + ".onnx"); InputStream tokenizer = resource(id + "-tokenizer.json")) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Routing texts are short and vary in length: the arena and the memory-pattern planner
        // keep buffers sized for the largest input seen, which is resident memory for nothing.
        options.setCPUArenaAllocator(false);
        options.setMemoryPatternOptimization(false);
        this.encoder = new OnnxBertBiEncoder(env, env.createSession(model.readAllBytes(), options), tokenizer, pooling);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the " + id + " embedding model", e);
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime cannot open the " + id + " embedding model", e);
      }
    }

    private static InputStream resource(String name) throws IOException {
      InputStream in = Embedders.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new IOException(name + " is missing from the class path");
      }
      return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }
  }

  private record OnnxEmbedder(String id, TunedModel model) implements Embedder {
    OnnxEmbedder(String id, PoolingMode pooling) {
      this(id, new TunedModel(id, pooling));
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
