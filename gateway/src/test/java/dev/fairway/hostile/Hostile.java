package dev.fairway.hostile;

/** The hostile suite's gateway: one OpenAI-protocol mock serving model {@code m}, no embedder (fast start). */
final class Hostile {
  private Hostile() {}

  /** @param server extra {@code server:} fields, e.g. {@code "body_timeout_ms: 500"}, or "" */
  static String yaml(String server) {
    return "server: {port: 0" + (server.isEmpty() ? "" : ", " + server) + "}\n"
        + "routing: {embedder: none}\n"
        + "providers:\n  mock: {protocol: openai, base_url: \"${MOCK}/v1\", api_key: test-key}\n"
        + "models:\n  - {id: m, owner: test, prices: {input: 1, output: 1}, context_window: 100000,"
        + " capabilities: [tools, vision, json], deployments: [{provider: mock}]}\n";
  }
}
