package dev.fairway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pure translation of OpenAI's embeddings API, both ways: a client's request validated into the
 * canonical one (errors name the field), the canonical one as an OpenAI-compatible provider gets it,
 * the provider's answer read back, and the canonical answer written for the client (JSON floats, or
 * base64 of little-endian float32 as OpenAI's {@code encoding_format: base64}).
 */
public final class OpenAiEmbeddings {
  private OpenAiEmbeddings() {}

  /** OpenAI's limit on inputs per request. */
  public static final int MAX_INPUTS = 2048;

  public static EmbeddingRequest toCanonical(EmbeddingsWire.Request w) {
    if (w.model() == null || w.model().isBlank()) {
      throw GatewayError.invalid("you must provide a model parameter", "model", Reason.MISSING_PARAMETER);
    }
    if (w.input() == null || w.input().isNull()) {
      throw GatewayError.invalid("Missing required parameter: 'input'.", "input", Reason.MISSING_PARAMETER);
    }
    if (w.dimensions() != null && w.dimensions() < 1) {
      throw GatewayError.invalid("Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got "
          + w.dimensions() + " instead.", "dimensions", Reason.INTEGER_BELOW_MIN_VALUE);
    }
    EmbeddingRequest.Encoding encoding;
    if (w.encodingFormat() == null || w.encodingFormat().equals("float")) {
      encoding = EmbeddingRequest.Encoding.FLOAT;
    } else if (w.encodingFormat().equals("base64")) {
      encoding = EmbeddingRequest.Encoding.BASE64;
    } else {
      throw GatewayError.invalid("Invalid value for 'encoding_format': '" + w.encodingFormat()
          + "'. Supported values are: 'float' and 'base64'.", "encoding_format", Reason.INVALID_VALUE);
    }
    return new EmbeddingRequest(w.model(), inputs(w.input()), w.dimensions(), encoding, w.user());
  }

  private static List<EmbeddingRequest.Input> inputs(JsonNode in) {
    if (in.isTextual()) {
      return List.of(text(in, "input"));
    }
    if (!in.isArray()) {
      throw GatewayError.invalid("Invalid type for 'input': expected a string, an array of strings, an array of"
          + " integers or an array of arrays of integers.", "input");
    }
    if (in.isEmpty()) {
      throw GatewayError.invalid("Invalid 'input': empty array. Expected an array with minimum length 1.", "input",
          Reason.EMPTY_ARRAY);
    }
    if (in.get(0).isIntegralNumber()) {
      return List.of(tokens(in, "input"));
    }
    if (in.size() > MAX_INPUTS) {
      throw GatewayError.invalid("Invalid 'input': array too long. Expected an array with maximum length "
          + MAX_INPUTS + ", but got " + in.size() + " instead.", "input", Reason.ARRAY_ABOVE_MAX_LENGTH);
    }
    List<EmbeddingRequest.Input> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      JsonNode e = in.get(i);
      String at = "input[" + i + "]";
      if (e.isTextual()) {
        out.add(text(e, at));
      } else if (e.isArray()) {
        out.add(tokens(e, at));
      } else {
        throw GatewayError.invalid("Invalid type for '" + at + "': expected a string or an array of integers.", at);
      }
    }
    return out;
  }

  private static EmbeddingRequest.Input text(JsonNode n, String at) {
    if (n.asText().isEmpty()) {
      throw GatewayError.invalid("Invalid '" + at + "': the input must not be an empty string.", at,
          Reason.INVALID_VALUE);
    }
    return new EmbeddingRequest.Input.Text(n.asText());
  }

  private static EmbeddingRequest.Input tokens(JsonNode arr, String at) {
    if (arr.isEmpty()) {
      throw GatewayError.invalid("Invalid '" + at + "': empty array of tokens.", at, Reason.EMPTY_ARRAY);
    }
    List<Integer> t = new ArrayList<>(arr.size());
    for (int j = 0; j < arr.size(); j++) {
      JsonNode v = arr.get(j);
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
        throw GatewayError.invalid("Invalid type for '" + at + "[" + j + "]': expected a non-negative integer token"
            + " id.", at + "[" + j + "]");
      }
      t.add(v.asInt());
    }
    return new EmbeddingRequest.Input.Tokens(t);
  }

  /** The request an OpenAI-compatible provider receives (always floats: Fairway re-encodes for the client). */
  public static EmbeddingsWire.Request toWire(EmbeddingRequest r, String upstreamModel) {
    ArrayNode input = Json.NODES.arrayNode(r.inputs().size());
    for (EmbeddingRequest.Input i : r.inputs()) {
      switch (i) {
        case EmbeddingRequest.Input.Text t -> input.add(TextNode.valueOf(t.text()));
        case EmbeddingRequest.Input.Tokens t -> {
          ArrayNode a = input.addArray();
          t.tokens().forEach(a::add);
        }
      }
    }
    return new EmbeddingsWire.Request(input, upstreamModel, r.dimensions(), "float", r.user());
  }

  /** A provider's answer in canonical form, vectors in input order. */
  public static EmbeddingResponse fromWire(EmbeddingsWire.Response w, int inputs, String provider) {
    if (w.data() == null || w.data().size() != inputs) {
      throw malformed(provider, "returned " + (w.data() == null ? 0 : w.data().size()) + " embeddings for " + inputs
          + " inputs");
    }
    float[][] vectors = new float[inputs][];
    for (EmbeddingsWire.Embedding e : w.data()) {
      if (e.index() < 0 || e.index() >= inputs || vectors[e.index()] != null || e.embedding() == null) {
        throw malformed(provider, "returned an embedding out of order");
      }
      vectors[e.index()] = vector(e.embedding(), provider);
    }
    long tokens = w.usage() == null ? 0 : w.usage().promptTokens();
    return new EmbeddingResponse(w.model() == null ? "" : w.model(), List.of(vectors), tokens);
  }

  private static float[] vector(JsonNode n, String provider) {
    if (n.isTextual()) {
      ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText())).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[b.remaining() / 4];
      b.asFloatBuffer().get(v);
      return v;
    }
    if (!n.isArray()) {
      throw malformed(provider, "returned an embedding that is not a vector");
    }
    float[] v = new float[n.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = n.get(i);
      if (!x.isNumber()) {
        throw malformed(provider, "returned an embedding that is not a vector");
      }
      v[i] = x.floatValue();
    }
    return v;
  }

  static GatewayError malformed(String provider, String what) {
    return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' " + what)
        .withReason(Reason.UPSTREAM_MALFORMED);
  }

  /** One embedding as a client reads it: {@code embedding} is a float array or a base64 string. */
  public record ClientEmbedding(String object, int index, Object embedding) {}

  public record ClientResponse(String object, List<ClientEmbedding> data, String model, EmbeddingsWire.Usage usage) {}

  /** The canonical answer as OpenAI's {@code list} of embeddings, naming {@code model}. */
  public static ClientResponse toClient(EmbeddingResponse r, String model, EmbeddingRequest.Encoding encoding) {
    List<ClientEmbedding> data = new ArrayList<>(r.vectors().size());
    for (int i = 0; i < r.vectors().size(); i++) {
      float[] v = r.vectors().get(i);
      data.add(new ClientEmbedding("embedding", i, encoding == EmbeddingRequest.Encoding.BASE64 ? base64(v) : v));
    }
    return new ClientResponse("list", data, model, new EmbeddingsWire.Usage(r.inputTokens(), r.inputTokens()));
  }

  /** Little-endian IEEE 754 float32, base64: what OpenAI's SDKs decode for {@code encoding_format: base64}. */
  public static String base64(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(b.array());
  }
}
