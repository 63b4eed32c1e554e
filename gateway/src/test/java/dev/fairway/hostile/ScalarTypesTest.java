package dev.fairway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10 item 12: a scalar of the wrong kind is a type error naming the field on both ingress
 * protocols; it is never coerced to a string, and {@code "\u0000"} is not taken as absent.
 */
class ScalarTypesTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start(Hostile.yaml(""));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static final String MSG = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      user as a number          | "user": 123                                                         | user
      model as a number         | "model": 123                                                        | model
      tool name as a boolean    | "tools": [{"type": "function", "function": {"name": true}}]         | tools[0].function.name
      temperature as NUL        | "temperature": "\\u0000"                                             | temperature
      stream as NUL             | "stream": "\\u0000"                                                  | stream
      max_tokens as NUL         | "max_tokens": "\\u0000"                                              | max_tokens
      seed as a string          | "seed": "42"                                                        | seed
      """)
  void openAiRefusesTheWrongScalarNamingTheField(String name, String field, String param) {
    String body = field.startsWith("\"model\"") ? "{" + field + "," + MSG + "}" : "{\"model\":\"m\"," + MSG + "," + field + "}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    JsonNode err = r.json().path("error");
    assertThat(err.path("param").asText()).isEqualTo(param);
    assertThat(err.path("code").asText()).isEqualTo("invalid_type");
    assertThat(err.path("message").asText()).contains(param).doesNotContain("java.").doesNotContain("CoercionConfig");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      user_id as a number       | "metadata": {"user_id": 123}                                      | user_id
      tool name as a boolean    | "tools": [{"name": true, "input_schema": {"type": "object"}}]     | name
      max_tokens as NUL         | "max_tokens": "\\u0000"                                            | max_tokens
      stream as NUL             | "stream": "\\u0000"                                                | stream
      temperature as a string   | "temperature": "0.5"                                              | temperature
      """)
  void anthropicRefusesTheWrongScalarNamingTheField(String name, String field, String named) {
    String body = "{\"model\":\"m\"," + MSG + (field.startsWith("\"max_tokens\"") ? "" : ",\"max_tokens\":10") + ","
        + field + "}";
    Http.Response r = t.http.post("/v1/messages", body, "anthropic-version", "2023-06-01");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(r.json().at("/error/message").asText()).contains(named).doesNotContain("java.").doesNotContain("CoercionConfig");
  }
}
