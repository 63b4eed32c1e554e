package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedding endpoints of the mock, in each provider's shape: OpenAI's {@code POST /v1/embeddings}
 * (and Azure's deployment path), Bedrock's InvokeModel for Titan Text Embeddings and Cohere Embed
 * (SigV4-checked), and Gemini's {@code :embedContent} / {@code :batchEmbedContents}. Vectors are
 * deterministic unit vectors seeded by model and text, so the same text always gets the same vector.
 * Requests are read as raw JSON and validated as each provider validates them.
 */
final class EmbeddingMock implements MockFront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AZURE = Pattern.compile("/openai/deployments/([^/]+)/embeddings");
  private static final Pattern BEDROCK = Pattern.compile("/model/([^/]+)/invoke");
  private static final Pattern GEMINI = Pattern.compile("/(v1|v1beta)/models/([^/:]+):(embedContent|batchEmbedContents)");

  private final MockServer server;

  EmbeddingMock(MockServer server) {
    this.server = server;
  }

  @Override
  public boolean handles(HttpServerRequest req) {
    String p = req.path();
    Set<MockServer.Protocol> on = server.config().protocols();
    return on.contains(MockServer.Protocol.OPENAI) && (p.equals("/v1/embeddings") || p.equals("/embeddings")
        || AZURE.matcher(p).matches())
        || on.contains(MockServer.Protocol.BEDROCK) && BEDROCK.matcher(p).matches()
        || on.contains(MockServer.Protocol.GEMINI) && GEMINI.matcher(p).matches();
  }

  @Override
  public void handle(HttpServerRequest req, Buffer body) {
    JsonNode r;
    try {
      r = JSON.readTree(body.getBytes());
    } catch (Exception e) {
      r = null;
    }
    Matcher bedrock = BEDROCK.matcher(req.path());
    Matcher gemini = GEMINI.matcher(req.path());
    if (bedrock.matches()) {
      bedrock(req, body, r, URLDecoder.decode(bedrock.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
    } else if (gemini.matches()) {
      gemini(req, r, gemini.group(2), gemini.group(3).equals("batchEmbedContents"));
    } else {
      Matcher azure = AZURE.matcher(req.path());
      openai(req, r, azure.matches() ? azure.group(1) : null);
    }
  }

  // ---------------------------------------------------------------- OpenAI

  private void openai(HttpServerRequest req, JsonNode r, String azureDeployment) {
    String expected = server.config().expectedApiKey();
    String auth = azureDeployment != null ? req.getHeader("api-key") : bearer(req.getHeader("authorization"));
    if (expected != null && !expected.equals(auth)) {
      OpenAiMock.error(req, 401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
      return;
    }
    if (req.method() != HttpMethod.POST || r == null || !r.isObject()) {
      OpenAiMock.error(req, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null,
          null);
      return;
    }
    String model = azureDeployment != null ? azureDeployment : r.path("model").asText(null);
    if (model == null) {
      OpenAiMock.error(req, 400, "you must provide a model parameter", "invalid_request_error", null, null);
      return;
    }
    JsonNode input = r.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isIntegralNumber()) {
      texts.add(input.toString());
    } else if (input.isArray() && !input.isEmpty()) {
      input.forEach(i -> texts.add(i.isTextual() ? i.asText() : i.toString()));
    } else {
      OpenAiMock.error(req, 400, "'$.input' is invalid. Please check the API reference.", "invalid_request_error",
          null, null);
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      OpenAiMock.error(req, b.errorStatus(), "Simulated error.", b.errorStatus() == 429 ? "requests"
          : "server_error", null, null);
      return;
    }
    int dims = r.hasNonNull("dimensions") ? r.get("dimensions").asInt()
        : model.contains("large") ? 3072 : 1536;
    boolean base64 = "base64".equals(r.path("encoding_format").asText());
    ObjectNode o = JSON.createObjectNode().put("object", "list");
    ArrayNode data = o.putArray("data");
    long tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      float[] v = vector(model, texts.get(i), dims);
      ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        e.put("embedding", base64(v));
      } else {
        ArrayNode a = e.putArray("embedding");
        for (float x : v) {
          a.add(x);
        }
      }
      tokens += tokens(texts.get(i));
    }
    o.put("model", model);
    o.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    Emission.whole(server.vertx(), req, b, 0, "application/json", Buffer.buffer(o.toString()));
  }

  // ---------------------------------------------------------------- Bedrock

  private void bedrock(HttpServerRequest req, Buffer body, JsonNode r, String model) {
    String auth = req.getHeader("authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      SigV4Check.Refusal no = SigV4Check.check(req, body, server.awsCredentials(), Instant.now());
      if (no != null) {
        BedrockMock.error(req, no.status(), no.type(), no.message());
        return;
      }
    }
    if (r == null || !r.isObject()) {
      BedrockMock.error(req, 400, "ValidationException", "Malformed input request, please reformat your input and try"
          + " again.");
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      BedrockMock.error(req, b.errorStatus(), b.errorStatus() == 429 ? "ThrottlingException" : "InternalServerException",
          "Simulated error.");
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    long tokens = 0;
    if (model.contains("titan-embed")) {
      JsonNode text = r.get("inputText");
      if (text == null || !text.isTextual() || text.asText().isEmpty()) {
        BedrockMock.error(req, 400, "ValidationException", "Malformed input request: #: required key [inputText] not"
            + " found, please reformat your input and try again.");
        return;
      }
      int dims = r.hasNonNull("dimensions") ? r.get("dimensions").asInt() : model.contains("v2") ? 1024 : 1536;
      if (model.contains("v2") && !Set.of(256, 512, 1024).contains(dims)) {
        BedrockMock.error(req, 400, "ValidationException", "Malformed input request: #/dimensions: " + dims
            + " is not a valid enum value, please reformat your input and try again.");
        return;
      }
      tokens = tokens(text.asText());
      ArrayNode a = o.putArray("embedding");
      for (float x : vector(model, text.asText(), dims)) {
        a.add(x);
      }
      o.put("inputTextTokenCount", tokens);
    } else if (model.contains("cohere.embed")) {
      JsonNode texts = r.get("texts");
      if (texts == null || !texts.isArray() || texts.isEmpty() || !r.hasNonNull("input_type")) {
        BedrockMock.error(req, 400, "ValidationException", "Malformed input request: #: required key [input_type]"
            + " not found, please reformat your input and try again.");
        return;
      }
      int dims = r.hasNonNull("output_dimension") ? r.get("output_dimension").asInt()
          : model.contains("v4") ? 1536 : 1024;
      o.put("id", "mock-" + Integer.toHexString(texts.toString().hashCode()));
      ArrayNode floats = o.putObject("embeddings").putArray("float");
      for (JsonNode t : texts) {
        ArrayNode a = floats.addArray();
        for (float x : vector(model, t.asText(), dims)) {
          a.add(x);
        }
        tokens += tokens(t.asText());
      }
      o.put("response_type", "embeddings_by_type");
      o.set("texts", texts);
    } else {
      BedrockMock.error(req, 400, "ValidationException", "The provided model doesn't support embeddings.");
      return;
    }
    req.response().putHeader("X-Amzn-Bedrock-Input-Token-Count", Long.toString(tokens));
    Emission.whole(server.vertx(), req, b, 0, "application/json", Buffer.buffer(o.toString()));
  }

  // ---------------------------------------------------------------- Gemini

  private void gemini(HttpServerRequest req, JsonNode r, String model, boolean batch) {
    String expected = server.config().expectedApiKey();
    if (expected != null && !expected.equals(req.getHeader("x-goog-api-key"))) {
      GeminiMock.error(req, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
      return;
    }
    if (r == null || !r.isObject()) {
      GeminiMock.error(req, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
      return;
    }
    List<JsonNode> requests = new ArrayList<>();
    if (batch) {
      r.path("requests").forEach(requests::add);
    } else {
      requests.add(r);
    }
    if (requests.isEmpty()) {
      GeminiMock.error(req, 400, "INVALID_ARGUMENT", "* BatchEmbedContentsRequest.requests: contents is not"
          + " specified");
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      GeminiMock.error(req, b.errorStatus(), b.errorStatus() == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL",
          "Simulated error.");
      return;
    }
    List<ArrayNode> vectors = new ArrayList<>();
    for (JsonNode q : requests) {
      String text = q.path("content").path("parts").path(0).path("text").asText("");
      if (text.isEmpty()) {
        GeminiMock.error(req, 400, "INVALID_ARGUMENT", "* EmbedContentRequest.content: contents is not specified");
        return;
      }
      int dims = q.hasNonNull("outputDimensionality") ? q.get("outputDimensionality").asInt() : 3072;
      ArrayNode a = JSON.createArrayNode();
      for (float x : vector(model, text, dims)) {
        a.add(x);
      }
      vectors.add(a);
    }
    ObjectNode o = JSON.createObjectNode();
    if (batch) {
      ArrayNode es = o.putArray("embeddings");
      vectors.forEach(v -> es.addObject().set("values", v));
    } else {
      o.putObject("embedding").set("values", vectors.get(0));
    }
    Emission.whole(server.vertx(), req, b, 0, "application/json", Buffer.buffer(o.toString()));
  }

  // ---------------------------------------------------------------- vectors

  /** A unit vector seeded by model and text: the same input always embeds the same. */
  static float[] vector(String model, String text, int dims) {
    SplittableRandom rnd = new SplittableRandom((model + "\u0000" + text).hashCode() * 0x9E3779B97F4A7C15L);
    float[] v = new float[Math.max(1, dims)];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static long tokens(String text) {
    return Math.max(1, (text.length() + 3) / 4);
  }

  private static String base64(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(b.array());
  }

  private static String bearer(String h) {
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }
}
