package dev.fairway.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Protocol;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Secret;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the adapter sends calls: Google's paths, an API version from config, never the key in the URL. */
class GeminiAdapterTest {

  static GeminiAdapter adapter(String base, String version) {
    ProviderConfig cfg = new ProviderConfig("gemini", Protocol.GEMINI, URI.create(base),
        new Secret("AIzaSySecret-key-0123456789"), Map.of(), version, null, 0, null, false);
    return new GeminiAdapter(cfg, null);
  }

  @Test
  void postsToV1betaModelsWithTheMethodAfterAColon() {
    GeminiAdapter a = adapter("https://generativelanguage.googleapis.com", null);

    assertThat(a.url(Deployment.of("gemini", "gemini-2.5-flash"), false))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(a.url(Deployment.of("gemini", "models/gemini-2.5-flash"), true))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
            + ":streamGenerateContent?alt=sse");
  }

  @Test
  void takesTheApiVersionFromConfigOrFromABaseUrlThatAlreadyNamesIt() {
    assertThat(adapter("https://generativelanguage.googleapis.com", "v1").url(Deployment.of("g", "m"), false))
        .isEqualTo("https://generativelanguage.googleapis.com/v1/models/m:generateContent");
    assertThat(adapter("https://proxy.example/gemini/v1beta/", null).url(Deployment.of("g", "m"), false))
        .isEqualTo("https://proxy.example/gemini/v1beta/models/m:generateContent");
  }

  @Test
  void neverPutsTheKeyInTheUrl() {
    GeminiAdapter a = adapter("https://generativelanguage.googleapis.com", null);

    assertThat(a.url(Deployment.of("g", "gemini-2.5-flash"), true)).doesNotContain("key=").doesNotContain("AIza");
  }
}
