package dev.fairway.routing.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The on-disk form of a {@link QualityModel}: gzip-compressed JSON whose large arrays are base64
 * little-endian float32, so any tool can inspect it ({@code zcat router.model | jq .models}) and
 * a 5,000-prompt model stays around a megabyte.
 */
public final class ModelFile {
  public static final String FORMAT = "fairway-router-model";
  public static final int VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFile() {}

  public static void write(QualityModel m, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("embedder", m.embedder());
    root.put("window_chars", m.windowChars());
    ArrayNode ids = root.putArray("models");
    m.models().forEach(ids::add);
    ArrayNode mq = root.putArray("mean_quality");
    for (double q : m.meanQuality()) {
      if (Double.isNaN(q)) {
        mq.addNull();
      } else {
        mq.add(q);
      }
    }
    root.put("chosen", m.chosen());
    ObjectNode p = root.putObject("projection");
    p.put("in", m.projection().inputDimension());
    p.put("out", m.projection().dimension());
    p.put("mean", floats(m.projection().mean()));
    p.put("components", floats(m.projection().components()));
    ObjectNode k = root.putObject("knn");
    k.put("k", m.knn().k());
    k.put("rows", m.knn().rows());
    k.put("points", floats(m.knn().points()));
    k.put("scores", floats(m.knn().scores()));
    if (m.logistic() != null) {
      ObjectNode l = root.putObject("logistic");
      l.put("l2", m.logistic().l2());
      l.put("weights", floats(m.logistic().weights()));
    }
    if (m.lexical() != null) {
      LexicalKnn x = m.lexical();
      ObjectNode l = root.putObject("lexical");
      l.put("k", m.lexicalK());
      l.put("offsets", ints(x.offsets()));
      l.put("terms", ints(x.terms()));
      l.put("weights", floats(x.weights()));
      l.put("seen_buckets", ints(x.seenBuckets()));
      l.put("seen_idf", floats(x.seenIdf()));
      l.put("unseen_idf", x.unseenIdf());
    }
    ObjectNode notes = root.putObject("notes");
    m.notes().forEach(notes::put);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
      JSON.writeValue(out, root);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a model file; a file that is not one, or is damaged, gets an exception naming the problem. */
  public static QualityModel read(Path file) throws IOException {
    JsonNode root;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      root = JSON.readTree(in);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + " is not a Fairway router model (not gzip); make one with ./fairway train");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IOException(file + " is not a Fairway router model; make one with ./fairway train");
    }
    int version = root.path("version").asInt();
    if (version != VERSION) {
      throw new IOException(file + " has router model version " + version + "; this Fairway reads version " + VERSION
          + " (retrain with ./fairway train)");
    }
    try {
      List<String> models = new ArrayList<>();
      root.path("models").forEach(n -> models.add(n.asText()));
      int mcount = models.size();
      double[] mq = new double[mcount];
      for (int i = 0; i < mcount; i++) {
        JsonNode n = root.path("mean_quality").path(i);
        mq[i] = n.isNumber() ? n.asDouble() : Double.NaN;
      }
      JsonNode p = root.path("projection");
      int in = p.path("in").asInt();
      int out = p.path("out").asInt();
      Projection proj = new Projection(in, out, floats(p.path("mean").asText()), floats(p.path("components").asText()));
      JsonNode k = root.path("knn");
      KnnPredictor knn = new KnnPredictor(out, mcount, floats(k.path("points").asText()), floats(k.path("scores").asText()),
          k.path("k").asInt());
      LogisticPredictor lr = null;
      if (root.has("logistic")) {
        JsonNode l = root.path("logistic");
        lr = new LogisticPredictor(out, mcount, floats(l.path("weights").asText()), l.path("l2").asDouble());
      }
      LexicalKnn lex = null;
      int lexK = 0;
      if (root.has("lexical")) {
        JsonNode l = root.path("lexical");
        lex = new LexicalKnn(mcount, ints(l.path("offsets").asText()), ints(l.path("terms").asText()),
            floats(l.path("weights").asText()), ints(l.path("seen_buckets").asText()), floats(l.path("seen_idf").asText()),
            (float) l.path("unseen_idf").asDouble(), knn.scores());
        lexK = l.path("k").asInt();
      }
      Map<String, String> notes = new LinkedHashMap<>();
      root.path("notes").properties().forEach(e -> notes.put(e.getKey(), e.getValue().asText()));
      return new QualityModel(root.path("embedder").asText(), root.path("window_chars").asInt(), models, proj, knn, lr,
          lex, lexK, root.path("chosen").asText(), mq, notes);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is damaged: " + e.getMessage());
    }
  }

  static String floats(float[] a) {
    ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(a);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static String ints(int[] a) {
    ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(a);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static int[] ints(String base64) {
    ByteBuffer b = words(base64, "int");
    int[] a = new int[b.remaining() / 4];
    b.asIntBuffer().get(a);
    return a;
  }

  static float[] floats(String base64) {
    ByteBuffer b = words(base64, "float");
    float[] a = new float[b.remaining() / 4];
    b.asFloatBuffer().get(a);
    return a;
  }

  /** Base64 of little-endian 4-byte words, checked to be whole words. */
  private static ByteBuffer words(String base64, String kind) {
    byte[] raw = Base64.getDecoder().decode(base64);
    if (raw.length % 4 != 0) {
      throw new IllegalArgumentException(kind + " array of " + raw.length + " bytes");
    }
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }
}
