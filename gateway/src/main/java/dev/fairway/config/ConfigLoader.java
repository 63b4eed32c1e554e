package dev.fairway.config;

import dev.fairway.routing.StickySessions;
import dev.fairway.routing.HousePolicy;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.routing.RoutingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code fairway.yaml} (optional), the built-in model catalog and the environment into one
 * validated {@link GatewayConfig}. Every mistake is reported as a {@link ConfigException} naming
 * the file, line and field; nothing invalid reaches the running gateway. Each section has its own
 * small validator; this class reads the file and calls them in order.
 */
public final class ConfigLoader {
  private final Map<String, String> env;

  private ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /** Loads the embedded defaults plus, when {@code file} is not null, that file. */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    return new ConfigLoader(env).loadFile(file);
  }

  /** Loads configuration text as if it were a file called {@code name}; used by tests and the demo. */
  public static GatewayConfig loadText(String name, String yaml, Map<String, String> env) {
    return new ConfigLoader(env).build(YamlSource.parse(name, yaml), name);
  }

  private GatewayConfig loadFile(Path file) {
    if (file == null) {
      return build(YamlSource.parse("embedded defaults", ""), "embedded defaults");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, null, "file not found");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, null, "cannot read: " + e.getMessage());
    }
    return build(YamlSource.parse(file.toString(), bytes), file.toString());
  }

  private GatewayConfig build(YamlSource src, String sourceName) {
    List<String> notes = new ArrayList<>();
    RawConfig.File raw = bindFile(src);

    ServerConfig server = ServerSection.read(src, raw.server(), env);
    Map<String, ProviderConfig> providers = ProvidersSection.read(src, raw.providers(), env, notes);
    Map<String, RawConfig.Model> builtin = ModelsSection.builtin(raw.catalog());
    Catalog catalog = ModelsSection.read(src, raw, builtin, providers, notes);
    RoutingSettings routing = RoutingConfig.settings(src, raw.routing(), raw.routers(), catalog, builtin.keySet(),
        notes);
    DispatchSettings dispatch = DispatchSection.read(src, raw.dispatch());
    // Wave 2 sections: validated here, consumed by the features that own them.
    StorageConfig storage = StorageSection.read(src, raw.storage());
    LedgerConfig ledger = LedgerSection.read(src, raw.ledger());
    TransparencyConfig transparency = TransparencySection.read(src, raw.transparency());
    HousePolicy house = RoutingConfig.housePolicy(src, raw.routing(), catalog, notes);
    StickySessions sticky = RoutingConfig.sticky(src, raw.routing());
    return new GatewayConfig(server, catalog, dispatch, routing, storage, ledger, transparency, house, sticky,
        sourceName, notes);
  }

  private RawConfig.File bindFile(YamlSource src) {
    if (!src.root.isObject()) {
      throw new ConfigException(src.name, 1, null, "the top level must be a mapping (server:, providers:, models:...)");
    }
    EnvSubstitution.apply(src, env);
    return Binder.bind(src, src.root, "", RawConfig.File.class);
  }
}
