package dev.fairway.provider.bedrock;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI-protocol client through Fairway's {@code /v1/chat/completions} to the Bedrock mock, over
 * real HTTP: every request is SigV4-signed and the mock verifies the signature with the AWS SDK.
 */
class BedrockOverHttpTest {
  static final String KEY_ID = "AKIDFAIRWAYTEST";
  static final String SECRET = "fairway-test-secret-value";
  static final String NOVA = "amazon.nova-pro-v1:0";
  static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
      + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}},"
      + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":"
      + "{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}}]";

  TestGateway t;

  @BeforeEach
  void start() {
    t = TestGateway.start("""
        providers:
          aws:
            protocol: bedrock
            region: us-east-1
            base_url: "${MOCK}"
            aws_access_key_id: %s
            aws_secret_access_key: %s
          backup: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: nova-pro, owner: amazon, prices: {input: 0.8, output: 3.2}, context_window: 300000,
             capabilities: [tools, vision, json], deployments: [{provider: aws, model: "amazon.nova-pro-v1:0"}]}
          - {id: nova-lite, owner: amazon, prices: {input: 0.06, output: 0.24}, context_window: 300000,
             capabilities: [tools, vision, json], deployments: [{provider: aws, model: "us.amazon.nova-lite-v1:0"}]}
          - {id: titan, owner: amazon, prices: {input: 0.2, output: 0.6}, context_window: 8192,
             deployments: [{provider: aws, model: amazon.titan-text-express-v1}]}
          - {id: backup, owner: other, prices: {input: 1, output: 1}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: backup, model: backup}]}
        fallbacks:
          nova-pro: [backup]
        """.formatted(KEY_ID, SECRET));
    t.mock.expectAwsCredentials(KEY_ID, SECRET);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void answersAPlainChatThroughASignedConverseCall() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-pro", "What is 2 + 3?"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("x-fairway-provider")).isEqualTo("aws");
    assertThat(r.json().at("/choices/0/message/content").asText()).startsWith("[simulated " + NOVA + "] The answer is");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(r.json().at("/usage/completion_tokens").asInt()).isPositive();

    MockServer.Received sent = t.mock.lastReceived();
    assertThat(sent.uri()).isEqualTo("/model/amazon.nova-pro-v1%3A0/converse");
    assertThat(sent.headers().get("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
        .contains("/us-east-1/bedrock/aws4_request, SignedHeaders=")
        .doesNotContain(SECRET);
    assertThat(sent.headers()).containsKey("x-amz-date");
    assertThat(json(sent.body()).at("/messages/0/content/0/text").asText()).isEqualTo("What is 2 + 3?");
  }

  @Test
  void streamsTheBinaryEventStreamAsServerSentEvents() {
    String plain = t.http.post("/v1/chat/completions", chat("nova-lite", "Tell me about gateways"))
        .json().at("/choices/0/message/content").asText();

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("nova-lite", "Tell me about gateways",
        "\"stream\":true", "\"stream_options\":{\"include_usage\":true}"));

    assertThat(s.status()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    String finish = null;
    JsonNode usage = null;
    for (Http.Stream.Event e : s.events()) {
      if (e.data().equals("[DONE]")) {
        continue;
      }
      JsonNode c = e.json();
      text.append(c.at("/choices/0/delta/content").asText(""));
      if (c.at("/choices/0/finish_reason").isTextual()) {
        finish = c.at("/choices/0/finish_reason").asText();
      }
      if (c.has("usage") && !c.get("usage").isNull()) {
        usage = c.get("usage");
      }
    }
    assertThat(text.toString()).isEqualTo(plain);
    assertThat(finish).isEqualTo("stop");
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
    assertThat(s.data()).last().isEqualTo("[DONE]");
    MockServer.Received sent = t.mock.lastReceived();
    assertThat(sent.uri()).isEqualTo("/model/us.amazon.nova-lite-v1%3A0/converse-stream");
    assertThat(sent.headers().get("accept")).isEqualTo("application/vnd.amazon.eventstream");
  }

  @Test
  void returnsTwoParallelToolCalls() {
    Http.Response r = t.http.post("/v1/chat/completions",
        chat("nova-pro", "Call get_weather for Paris and get_time for Europe", TOOLS));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode calls = r.json().at("/choices/0/message/tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
    assertThat(json(calls.get(0).at("/function/arguments").asText()).has("city")).isTrue();
    assertThat(calls.get(0).path("id").asText()).startsWith("tooluse_");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(json(t.mock.lastReceived().body()).at("/toolConfig/tools")).hasSize(2);
  }

  @Test
  void streamsTwoParallelToolCalls() {
    Http.Stream s = t.http.stream("/v1/chat/completions",
        chat("nova-pro", "Call get_weather for Paris and get_time for Europe", TOOLS, "\"stream\":true"));

    StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
    String[] names = new String[2];
    for (Http.Stream.Event e : s.events()) {
      if (e.data().equals("[DONE]")) {
        continue;
      }
      for (JsonNode tc : e.json().at("/choices/0/delta/tool_calls")) {
        int i = tc.path("index").asInt();
        if (tc.at("/function/name").isTextual()) {
          names[i] = tc.at("/function/name").asText();
        }
        args[i].append(tc.at("/function/arguments").asText(""));
      }
    }
    assertThat(names).containsExactly("get_weather", "get_time");
    assertThat(json(args[0].toString()).has("city")).isTrue();
    assertThat(json(args[1].toString()).has("zone")).isTrue();
  }

  @Test
  void completesAToolResultRoundTrip() {
    String body = """
        {"model": "nova-pro", %s, "messages": [
          {"role": "user", "content": "Call get_weather for Paris and get_time for Europe"},
          {"role": "assistant", "content": null, "tool_calls": [
            {"id": "tooluse_a", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
            {"id": "tooluse_b", "type": "function", "function": {"name": "get_time", "arguments": "{\\"zone\\":\\"CET\\"}"}}]},
          {"role": "tool", "tool_call_id": "tooluse_a", "content": "18 degrees and sunny"},
          {"role": "tool", "tool_call_id": "tooluse_b", "content": "14:05"}]}
        """.formatted(TOOLS);

    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText())
        .contains("The tool returned: 18 degrees and sunny; 14:05");
    JsonNode sent = json(t.mock.lastReceived().body());
    assertThat(sent.path("messages")).hasSize(3);
    assertThat(sent.at("/messages/1/content/1/toolUse/input/zone").asText()).isEqualTo("CET");
    assertThat(sent.at("/messages/2/role").asText()).isEqualTo("user");
    assertThat(sent.at("/messages/2/content/0/toolResult/toolUseId").asText()).isEqualTo("tooluse_a");
    assertThat(sent.at("/messages/2/content/1/toolResult/content/0/text").asText()).isEqualTo("14:05");
  }

  @Test
  void sendsImagesInlineAsBytes() {
    String body = """
        {"model": "nova-pro", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "What is in this picture?"},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}]}
        """;

    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).contains("I see 1 image(s): image/png");
    JsonNode image = json(t.mock.lastReceived().body()).at("/messages/0/content/1/image");
    assertThat(image.path("format").asText()).isEqualTo("png");
    assertThat(image.at("/source/bytes").asText()).isEqualTo("iVBORw0KGgo=");
  }

  @Test
  void refusesAnImageUrlBedrockCannotFetch() {
    String body = """
        {"model": "nova-lite", "messages": [{"role": "user", "content": [
          {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]}
        """;

    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("unsupported_feature");
    assertThat(r.json().at("/error/message").asText()).contains("cannot fetch image URLs");
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void answersInJsonModeThroughAForcedTool() {
    String format = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"place\",\"schema\":"
        + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},"
        + "\"required\":[\"city\",\"population\"]}}}";

    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-pro", "Which city is Paris?", format));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode answer = json(r.json().at("/choices/0/message/content").asText());
    assertThat(answer.path("city").isTextual()).isTrue();
    assertThat(answer.path("population").isInt()).isTrue();
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(r.json().at("/choices/0/message/tool_calls").isMissingNode()
        || r.json().at("/choices/0/message/tool_calls").isEmpty()).isTrue();
    assertThat(json(t.mock.lastReceived().body()).at("/toolConfig/toolChoice/tool/name").asText())
        .isEqualTo("json_answer");

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("nova-pro", "Which city is Paris?", format,
        "\"stream\":true"));
    StringBuilder streamed = new StringBuilder();
    s.events().stream().filter(e -> !e.data().equals("[DONE]"))
        .forEach(e -> streamed.append(e.json().at("/choices/0/delta/content").asText("")));
    assertThat(json(streamed.toString())).isEqualTo(answer);
  }

  @Test
  void stopsAtAStopSequence() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-pro", "What is 2 + 3?", "\"stop\":[\"answer\"]"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("[simulated " + NOVA + "] The ");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(json(t.mock.lastReceived().body()).at("/inferenceConfig/stopSequences/0").asText()).isEqualTo("answer");
  }

  @Test
  void stopsAtTheTokenLimit() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-pro", "Tell me about gateways", "\"max_tokens\":3"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(r.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
    assertThat(json(t.mock.lastReceived().body()).at("/inferenceConfig/maxTokens").asInt()).isEqualTo(3);
  }

  @Test
  void fallsBackWhenBedrockThrottlesOrIsUnavailable() {
    for (int status : new int[] {429, 503, 500}) {
      t.resetHealth(); // a 429 rests the deployment: the next status would otherwise not reach it
      t.mock.behave(NOVA, MockBehaviour.DEFAULT.withErrors(1.0, status));

      Http.Response r = t.http.post("/v1/chat/completions", chat("nova-pro", "hi"));

      assertThat(r.status()).as("after %d", status).isEqualTo(200);
      assertThat(r.header("x-fairway-model")).isEqualTo("backup");
      assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    }
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("nova-pro", "hi", "\"stream\":true"));
    assertThat(s.header("x-fairway-model")).isEqualTo("backup");
  }

  @Test
  void passesThrottlingOnWithItsRetryAfterWhenNothingElseCanServe() {
    t.mock.behave("us.amazon.nova-lite-v1:0", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(7));

    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-lite", "hi"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("7");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(r.json().at("/error/code").asText()).isEqualTo("ThrottlingException");
  }

  @Test
  void aSignatureBedrockRejectsIsTheGatewaysCredentialProblemAndLeaksNothing() {
    t.mock.expectAwsCredentials(KEY_ID, "a-different-secret");

    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-lite", "hi"));

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_auth_failed");
    assertThat(r.json().at("/error/message").asText()).contains("refused the gateway's AWS credentials")
        .contains("InvalidSignatureException");
    assertThat(r.body()).doesNotContain(SECRET).doesNotContain(KEY_ID);

    t.mock.expectAwsCredentials("AKIDSOMEONEELSE", SECRET);
    Http.Response unknown = t.http.post("/v1/chat/completions", chat("nova-lite", "hi"));
    assertThat(unknown.json().at("/error/message").asText()).contains("UnrecognizedClientException");
  }

  @Test
  void refusesASystemPromptForTitanClearlyBeforeSending() {
    String body = """
        {"model": "titan", "messages": [
          {"role": "system", "content": "You are terse."},
          {"role": "user", "content": "hi"}]}
        """;

    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(r.json().at("/error/code").asText()).isEqualTo("unsupported_feature");
    assertThat(r.json().at("/error/param").asText()).isEqualTo("messages[0]");
    assertThat(r.json().at("/error/message").asText()).contains("does not accept a system prompt");
    assertThat(t.mock.received()).isEmpty();

    Http.Response ok = t.http.post("/v1/chat/completions", chat("titan", "hi"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void aMalformedOrTruncatedAnswerIsAnUpstreamFailure() {
    t.mock.behave("us.amazon.nova-lite-v1:0", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));
    Http.Response r = t.http.post("/v1/chat/completions", chat("nova-lite", "hi"));
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_malformed");

    t.resetHealth(); // four malformed answers in a row: the next failure would open the circuit
    t.mock.behave("us.amazon.nova-lite-v1:0", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.TRUNCATE));
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("nova-lite", "tell me more", "\"stream\":true"));
    assertThat(s.events()).as(s.raw()).isNotEmpty();
    Http.Stream.Event last = s.events().get(s.events().size() - 1);
    assertThat(last.json().at("/error/code").asText()).isIn("upstream_stream_broken", "upstream_stream_truncated");

    t.mock.behave("us.amazon.nova-lite-v1:0", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));
    // Malformed from its first frame, before any token: nothing reached the client, so it gets a plain error.
    t.resetHealth();
    Http.Stream m = t.http.stream("/v1/chat/completions", chat("nova-lite", "tell me more", "\"stream\":true"));
    assertThat(m.status()).isEqualTo(502);
    assertThat(json(m.raw()).at("/error/code").asText()).isEqualTo("upstream_malformed");
  }

  static JsonNode json(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
