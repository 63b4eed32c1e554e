package dev.fairway.catalog;

import java.util.List;

/**
 * The gateway's whole validated configuration.
 *
 * @param source where it came from (a file path, or a description of the embedded defaults)
 * @param notes human-readable remarks from loading (e.g. providers skipped for lack of credentials)
 */
public record GatewayConfig(ServerConfig server, Catalog catalog, String source, List<String> notes) {
  public GatewayConfig {
    notes = List.copyOf(notes);
  }

  public GatewayConfig withServer(ServerConfig s) {
    return new GatewayConfig(s, catalog, source, notes);
  }
}
