package dev.fairway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  static final String AZURE = "0123456789abcdef0123456789abcdef";

  @Test
  void removesAKnownSecretOfAnyShapeInEveryForm() {
    Redactor r = Redactor.of(List.of(new Secret(AZURE), new Secret("tok/en+with=chars")));
    String b64 = Base64.getEncoder().encodeToString(AZURE.getBytes(StandardCharsets.UTF_8));
    assertThat(r.redact("key " + AZURE + " b64 " + b64 + " url tok%2Fen%2Bwith%3Dchars"))
        .isEqualTo("key [redacted] b64 [redacted] url [redacted]");
  }

  @Test
  void removesKeyShapesAndCredentialHeadersItDoesNotKnow() {
    Redactor r = Redactor.SHAPES_ONLY;
    assertThat(r.redact("Authorization: Bearer abc.def")).isEqualTo("[redacted]");
    assertThat(r.redact("sent x-api-key: whatever123 and api-key=zzz")).isEqualTo("sent [redacted] and [redacted]");
    assertThat(r.redact("sk-proj-abcdefghij and AIzaSyA1234567890abc")).isEqualTo("[redacted] and [redacted]");
    assertThat(r.redact("max_tokens must be at most 4096")).isEqualTo("max_tokens must be at most 4096");
  }

  @Test
  void ignoresValuesTooShortToBeSecrets() {
    assertThat(Redactor.of(List.of(new Secret("abc"))).redact("abcdef")).isEqualTo("abcdef");
  }

  @Test
  void collectsEveryCredentialOfTheCatalogAndRedactsEveryFieldOfAnError() {
    ProviderConfig p = new ProviderConfig("p", dev.fairway.catalog.Protocol.OPENAI, URI.create("http://127.0.0.1:9/v1"),
        new Secret(AZURE), Map.of("X-Token", "header-token-value"), null, null, 0, null, false);
    Redactor r = Redactor.forCatalog(new Catalog(Map.of("p", p), Map.of(), Map.of(), Map.of()));
    GatewayError e = GatewayError.upstream(ErrorKind.INVALID_REQUEST, "bad " + AZURE).withParam("header-token-value")
        .withUpstream(400, "code " + AZURE);

    GatewayError clean = r.redact(e);
    assertThat(clean.getMessage()).isEqualTo("bad [redacted]");
    assertThat(clean.param()).isEqualTo("[redacted]");
    assertThat(clean.upstreamCode()).isEqualTo("code [redacted]");
    assertThat(clean.upstreamStatus()).isEqualTo(400);
  }
}
