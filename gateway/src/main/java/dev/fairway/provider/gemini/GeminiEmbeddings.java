package dev.fairway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure translation of embedding requests for Gemini: {@code models/{m}:embedContent} for one text,
 * {@code :batchEmbedContents} (up to 100) for several, {@code outputDimensionality} for dimensions.
 * Gemini reports no token usage for embeddings, so the caller counts them.
 */
public final class GeminiEmbeddings {
  private GeminiEmbeddings() {}

  /** Gemini's limit on requests per batchEmbedContents call. */
  static final int MAX_BATCH = 100;

  static void check(EmbeddingRequest r, String who) {
    if (!r.allText()) {
      throw GatewayError.unsupported(who + " embeds texts only, not token arrays.", "input");
    }
    if (r.inputs().size() > MAX_BATCH) {
      throw GatewayError.unsupported(who + " embeds at most " + MAX_BATCH + " texts per request (got "
          + r.inputs().size() + ").", "input");
    }
  }

  /** The body of one {@code embedContent} request (also one entry of a batch). */
  static ObjectNode one(String model, String text, Integer dimensions) {
    ObjectNode o = Json.NODES.objectNode().put("model", "models/" + model);
    o.putObject("content").putArray("parts").addObject().put("text", text);
    if (dimensions != null) {
      o.put("outputDimensionality", dimensions);
    }
    return o;
  }

  static ObjectNode batch(String model, List<String> texts, Integer dimensions) {
    ObjectNode o = Json.NODES.objectNode();
    var requests = o.putArray("requests");
    texts.forEach(t -> requests.add(one(model, t, dimensions)));
    return o;
  }

  /** {@code {"embedding": {"values": [...]}}} or {@code {"embeddings": [{"values": [...]}, ...]}}. */
  static List<float[]> vectors(JsonNode r, int expected, String provider) {
    List<float[]> out = new ArrayList<>(expected);
    if (r.has("embedding")) {
      out.add(values(r.get("embedding"), provider));
    } else {
      for (JsonNode e : r.path("embeddings")) {
        out.add(values(e, provider));
      }
    }
    if (out.size() != expected) {
      throw malformed(provider);
    }
    return out;
  }

  private static float[] values(JsonNode e, String provider) {
    JsonNode v = e.path("values");
    if (!v.isArray() || v.isEmpty()) {
      throw malformed(provider);
    }
    float[] f = new float[v.size()];
    for (int i = 0; i < f.length; i++) {
      if (!v.get(i).isNumber()) {
        throw malformed(provider);
      }
      f[i] = v.get(i).floatValue();
    }
    return f;
  }

  private static GatewayError malformed(String provider) {
    return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' returned no embedding vectors")
        .withReason(Reason.UPSTREAM_MALFORMED);
  }
}
