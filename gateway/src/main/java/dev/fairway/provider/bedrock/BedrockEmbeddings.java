package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pure translation of embedding requests for Bedrock's InvokeModel, in each model family's own
 * body: Amazon Titan Text Embeddings ({@code inputText}, one text per call; v2 takes
 * {@code dimensions} 256, 512 or 1024 and is asked to normalise) and Cohere Embed ({@code texts}, up
 * to 96 per call, {@code input_type: search_document}; v4 takes {@code output_dimension}). What a
 * family cannot do is refused as unsupported before anything is sent.
 */
public final class BedrockEmbeddings {
  private BedrockEmbeddings() {}

  /** Cohere Embed's limit on texts per call. */
  static final int COHERE_MAX_TEXTS = 96;

  /** The embedding families Fairway speaks on Bedrock. */
  enum Family { TITAN_V1, TITAN_V2, COHERE_V3, COHERE_V4 }

  static Family family(String modelId, String who) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("titan-embed-text-v2")) {
      return Family.TITAN_V2;
    }
    if (id.contains("titan-embed-text-v1") || id.contains("titan-embed-g1-text")) {
      return Family.TITAN_V1;
    }
    if (id.contains("cohere.embed-v4")) {
      return Family.COHERE_V4;
    }
    if (id.contains("cohere.embed-")) {
      return Family.COHERE_V3;
    }
    throw GatewayError.unsupported(who + " is not an embedding model Fairway knows on Bedrock (Titan Text"
        + " Embeddings or Cohere Embed).", "model");
  }

  /** Refuses what the family cannot honour: token input, a dimension it has not, too many texts. */
  static void check(EmbeddingRequest r, Family f, String who) {
    if (!r.allText()) {
      throw GatewayError.unsupported(who + " embeds texts only, not token arrays.", "input");
    }
    Integer d = r.dimensions();
    switch (f) {
      case TITAN_V2 -> {
        if (d != null && !Set.of(256, 512, 1024).contains(d)) {
          throw GatewayError.unsupported(who + " makes vectors of 256, 512 or 1024 dimensions (got " + d + ").",
              "dimensions");
        }
      }
      case TITAN_V1 -> {
        if (d != null && d != 1536) {
          throw GatewayError.unsupported(who + " makes vectors of 1536 dimensions only (got " + d + ").", "dimensions");
        }
      }
      case COHERE_V3 -> {
        if (d != null && d != 1024 && d != 384) {
          throw GatewayError.unsupported(who + " cannot shorten its vectors (got dimensions " + d + ").", "dimensions");
        }
      }
      case COHERE_V4 -> {
        if (d != null && !Set.of(256, 512, 1024, 1536).contains(d)) {
          throw GatewayError.unsupported(who + " makes vectors of 256, 512, 1024 or 1536 dimensions (got " + d + ").",
              "dimensions");
        }
      }
    }
    if ((f == Family.COHERE_V3 || f == Family.COHERE_V4) && r.inputs().size() > COHERE_MAX_TEXTS) {
      throw GatewayError.unsupported(who + " embeds at most " + COHERE_MAX_TEXTS + " texts per request (got "
          + r.inputs().size() + ").", "input");
    }
  }

  /** Titan's body for one text. */
  static ObjectNode titan(String text, Integer dimensions, Family f) {
    ObjectNode o = Json.NODES.objectNode().put("inputText", text);
    if (f == Family.TITAN_V2) {
      if (dimensions != null) {
        o.put("dimensions", dimensions);
      }
      o.put("normalize", true);
    }
    return o;
  }

  /** Cohere's body for all the texts. */
  static ObjectNode cohere(List<String> texts, Integer dimensions, Family f) {
    ObjectNode o = Json.NODES.objectNode();
    texts.forEach(o.putArray("texts")::add);
    // Cohere asks what the vectors are for; OpenAI's API has no such field. Documents is the
    // general choice (what an index stores); queries embedded so still match them closely.
    o.put("input_type", "search_document");
    o.put("truncate", "NONE");
    o.putArray("embedding_types").add("float");
    if (f == Family.COHERE_V4 && dimensions != null) {
      o.put("output_dimension", dimensions);
    }
    return o;
  }

  /** Titan's answer: the vector and its token count. */
  static float[] titanVector(JsonNode r, String provider) {
    return floats(r.path("embedding"), provider);
  }

  /** Cohere's answer: {@code embeddings} as a list of vectors, or by type ({@code {"float": [...]}}). */
  static List<float[]> cohereVectors(JsonNode r, int expected, String provider) {
    JsonNode e = r.path("embeddings");
    if (e.isObject()) {
      e = e.path("float");
    }
    if (!e.isArray() || e.size() != expected) {
      throw malformed(provider);
    }
    java.util.ArrayList<float[]> out = new java.util.ArrayList<>(expected);
    for (JsonNode v : e) {
      out.add(floats(v, provider));
    }
    return out;
  }

  private static float[] floats(JsonNode arr, String provider) {
    if (!arr.isArray() || arr.isEmpty()) {
      throw malformed(provider);
    }
    float[] v = new float[arr.size()];
    for (int i = 0; i < v.length; i++) {
      if (!arr.get(i).isNumber()) {
        throw malformed(provider);
      }
      v[i] = arr.get(i).floatValue();
    }
    return v;
  }

  private static GatewayError malformed(String provider) {
    return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' returned no embedding vectors")
        .withReason(Reason.UPSTREAM_MALFORMED);
  }
}
