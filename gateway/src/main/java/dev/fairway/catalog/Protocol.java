package dev.fairway.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The wire protocol a provider speaks; selects its adapter. */
public enum Protocol {
  /** OpenAI Chat Completions: OpenAI, Ollama, vLLM, llama.cpp server, Groq, Together, Mistral... */
  OPENAI("openai"),
  /** Azure OpenAI: Chat Completions with an {@code api-key} header, deployment path and {@code api-version}. */
  AZURE_OPENAI("azure-openai"),
  ANTHROPIC("anthropic"),
  BEDROCK("bedrock"),
  GEMINI("gemini");

  private final String configName;

  Protocol(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<Protocol> parse(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.configName.equals(n)).findFirst();
  }
}
