package dev.fairway.config;

import dev.fairway.routing.StickySessions;
import dev.fairway.routing.HousePolicy;
import dev.fairway.catalog.Catalog;
import dev.fairway.routing.RoutingSettings;
import java.util.List;

/**
 * The gateway's whole validated configuration.
 *
 * @param source where it came from (a file path, or a description of the embedded defaults)
 * @param notes human-readable remarks from loading (e.g. providers skipped for lack of credentials)
 */
public record GatewayConfig(ServerConfig server, Catalog catalog, DispatchSettings dispatch, RoutingSettings routing,
    StorageConfig storage, LedgerConfig ledger, TransparencyConfig transparency, HousePolicy housePolicy,
    StickySessions sticky, String source, List<String> notes) {
  public GatewayConfig {
    notes = List.copyOf(notes);
    dispatch = dispatch == null ? DispatchSettings.defaults() : dispatch;
    routing = routing == null ? RoutingSettings.defaults() : routing;
    storage = storage == null ? StorageConfig.defaults() : storage;
    ledger = ledger == null ? LedgerConfig.defaults() : ledger;
    transparency = transparency == null ? TransparencyConfig.defaults() : transparency;
    housePolicy = housePolicy == null ? HousePolicy.NONE : housePolicy;
    sticky = sticky == null ? StickySessions.DEFAULT : sticky;
  }

  public GatewayConfig(ServerConfig server, Catalog catalog, DispatchSettings dispatch, RoutingSettings routing,
      String source, List<String> notes) {
    this(server, catalog, dispatch, routing, null, null, null, null, null, source, notes);
  }

  public GatewayConfig(ServerConfig server, Catalog catalog, DispatchSettings dispatch, String source,
      List<String> notes) {
    this(server, catalog, dispatch, null, source, notes);
  }

  public GatewayConfig(ServerConfig server, Catalog catalog, String source, List<String> notes) {
    this(server, catalog, null, null, source, notes);
  }

  public GatewayConfig withServer(ServerConfig s) {
    return new GatewayConfig(s, catalog, dispatch, routing, storage, ledger, transparency, housePolicy, sticky,
        source, notes);
  }

  public GatewayConfig withCatalog(Catalog c) {
    return new GatewayConfig(server, c, dispatch, routing, storage, ledger, transparency, housePolicy, sticky,
        source, notes);
  }

  public GatewayConfig withHousePolicy(HousePolicy p) {
    return new GatewayConfig(server, catalog, dispatch, routing, storage, ledger, transparency, p, sticky,
        source, notes);
  }

  public GatewayConfig withStorage(StorageConfig s) {
    return new GatewayConfig(server, catalog, dispatch, routing, s, ledger, transparency, housePolicy, sticky,
        source, notes);
  }
}
