package dev.fairway.catalog;

import java.util.List;

/**
 * The gateway's whole validated configuration.
 *
 * @param source where it came from (a file path, or a description of the embedded defaults)
 * @param notes human-readable remarks from loading (e.g. providers skipped for lack of credentials)
 */
public record GatewayConfig(ServerConfig server, Catalog catalog, DispatchSettings dispatch, String source,
    List<String> notes) {
  public GatewayConfig {
    notes = List.copyOf(notes);
    dispatch = dispatch == null ? DispatchSettings.defaults() : dispatch;
  }

  public GatewayConfig(ServerConfig server, Catalog catalog, String source, List<String> notes) {
    this(server, catalog, null, source, notes);
  }

  public GatewayConfig withServer(ServerConfig s) {
    return new GatewayConfig(s, catalog, dispatch, source, notes);
  }

  public GatewayConfig withCatalog(Catalog c) {
    return new GatewayConfig(server, c, dispatch, source, notes);
  }
}
