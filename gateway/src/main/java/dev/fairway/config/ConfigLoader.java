package dev.fairway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fairway.routing.RoutingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.ModelDispatch;
import dev.fairway.catalog.Prices;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.Protocol;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Secret;
import dev.fairway.catalog.Balancing;
import dev.fairway.catalog.AwsAuth;
/**
 * Turns {@code fairway.yaml} (optional), the built-in model catalog and the environment into one
 * validated {@link GatewayConfig}. Every mistake is reported as a {@link ConfigException} naming
 * the file, line and field; nothing invalid reaches the running gateway.
 */
public final class ConfigLoader {
  static final String BUILTIN_RESOURCE = "/dev/fairway/catalog/builtin-models.yaml";
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final Set<String> CAPABILITIES = Set.of("tools", "vision", "json", "embeddings");

  private static final ObjectMapper BINDER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

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
      return build(null, "embedded defaults");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, null, "file not found");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, null, "cannot read: " + e.getMessage());
    }
    return build(YamlSource.parse(file.toString(), text), file.toString());
  }

  private GatewayConfig build(YamlSource src, String sourceName) {
    List<String> notes = new ArrayList<>();
    RawConfig.File raw = src == null ? emptyFile() : bindFile(src);

    ServerConfig server = server(src, raw.server());

    Map<String, ProviderConfig> providers = new LinkedHashMap<>(BuiltinProviders.fromEnvironment(env, notes));
    if (raw.providers() != null) {
      raw.providers().forEach((id, p) -> providers.put(id, provider(src, id, p)));
    }

    boolean useBuiltin = raw.catalog() == null || raw.catalog().builtin() == null || raw.catalog().builtin();
    Map<String, RawConfig.Model> builtinModels = useBuiltin ? builtinModels() : Map.of();

    Map<String, Model> models = new LinkedHashMap<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    Set<String> userIds = new HashSet<>();
    // User models first: they override built-ins of the same id and inherit what they leave out.
    if (raw.models() != null) {
      for (int i = 0; i < raw.models().size(); i++) {
        String at = "/models/" + i;
        RawConfig.Model m = raw.models().get(i);
        if (m == null || blank(m.id())) {
          throw src.error(at + "/id", "every model needs an id");
        }
        if (!userIds.add(m.id())) {
          throw src.error(at + "/id", "model '" + m.id() + "' is declared twice");
        }
        Model model = model(src, at, merge(builtinModels.get(m.id()), m), providers, true, notes);
        models.put(model.id(), model);
        addAliases(src, at, model.id(), m.aliases(), aliases);
      }
    }
    for (RawConfig.Model b : builtinModels.values()) {
      if (userIds.contains(b.id())) {
        continue;
      }
      Model model = model(null, "builtin:" + b.id(), b, providers, false, notes);
      if (!model.deployments().isEmpty()) {
        models.put(model.id(), model);
        if (b.aliases() != null) {
          for (String a : b.aliases()) {
            aliases.putIfAbsent(a, model.id());
          }
        }
      }
    }
    if (raw.aliases() != null) {
      raw.aliases().forEach((alias, target) -> {
        String at = "/aliases/" + escape(alias);
        if (models.containsKey(alias)) {
          throw src.error(at, "alias '" + alias + "' has the same name as a model");
        }
        if (target == null || !models.containsKey(target)) {
          throw src.error(at, "alias '" + alias + "' points to '" + target + "', which is not a served model"
              + servedHint(target, builtinModels));
        }
        aliases.put(alias, target);
      });
    }

    Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    if (raw.fallbacks() != null) {
      raw.fallbacks().forEach((name, list) -> {
        String at = "/fallbacks/" + escape(name);
        String from = resolve(name, models, aliases);
        if (from == null) {
          throw src.error(at, "'" + name + "' is not a served model or alias" + servedHint(name, builtinModels));
        }
        List<String> resolved = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
          String to = resolve(list.get(i), models, aliases);
          if (to == null) {
            throw src.error(at + "/" + i, "'" + list.get(i) + "' is not a served model or alias"
                + servedHint(list.get(i), builtinModels));
          }
          resolved.add(to);
        }
        fallbacks.put(from, resolved);
      });
    }

    // Only providers some model uses need a client; keep the rest out of the catalog.
    Set<String> used = new HashSet<>();
    models.values().forEach(m -> m.deployments().forEach(d -> used.add(d.provider())));
    providers.keySet().retainAll(used);

    Catalog catalog = new Catalog(providers, models, aliases, fallbacks);
    RoutingSettings routing = RoutingConfig.settings(src, raw.routing(), raw.routers(), catalog, builtinModels.keySet(),
        notes);
    return new GatewayConfig(server, catalog, dispatch(src, raw.dispatch()), routing, sourceName, notes);
  }

  // ---------------------------------------------------------------- binding

  private RawConfig.File bindFile(YamlSource src) {
    if (!src.root.isObject()) {
      throw new ConfigException(src.name, 1, null, "the top level must be a mapping (server:, providers:, models:...)");
    }
    substituteEnv(src, src.root, "");
    return bind(src, src.root, "", RawConfig.File.class);
  }

  static <T> T bind(YamlSource src, JsonNode node, String pointerPrefix, Class<T> type) {
    try {
      return BINDER.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      String pointer = pointerPrefix + pointerOf(e);
      String known = e.getKnownPropertyIds() == null ? "" : " (expected one of " + e.getKnownPropertyIds() + ")";
      throw src == null
          ? new IllegalStateException("built-in catalog: unknown field " + e.getPropertyName())
          : src.error(pointer, "unknown field '" + e.getPropertyName() + "'" + known);
    } catch (JsonMappingException e) {
      String pointer = pointerPrefix + pointerOf(e);
      String msg = e.getOriginalMessage();
      String problem = (msg.contains("Cannot deserialize value of type") || msg.contains("Cannot coerce"))
          ? "expected " + describe(msg) + ", got " + valueAt(node, pointerOf(e))
          : msg;
      throw src == null ? new IllegalStateException("built-in catalog: " + problem) : src.error(pointer, problem);
    } catch (JsonProcessingException e) {
      throw src == null ? new IllegalStateException(e) : src.error(pointerPrefix, e.getOriginalMessage());
    }
  }

  private static String pointerOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      sb.append('/');
      sb.append(r.getFieldName() != null ? escape(r.getFieldName()) : String.valueOf(r.getIndex()));
    }
    return sb.toString();
  }

  private static String describe(String jacksonMessage) {
    String m = jacksonMessage.toLowerCase(Locale.ROOT);
    if (m.contains("java.util.list") || m.contains("arraylist")) return "a list";
    if (m.contains("java.util.map") || m.contains("linkedhashmap") || m.contains("rawconfig")) return "a mapping";
    if (m.contains("bigdecimal") || m.contains("double")) return "a number";
    if (m.contains("integer") || m.contains("long") || m.contains("`int`")) return "a whole number";
    if (m.contains("boolean")) return "true or false";
    if (m.contains("string")) return "a string";
    return "another type";
  }

  private static String valueAt(JsonNode root, String pointer) {
    JsonNode n = root.at(pointer);
    if (n.isMissingNode()) return "nothing";
    if (n.isTextual()) return "'" + n.asText() + "'";
    if (n.isArray()) return "a list";
    if (n.isObject()) return "a mapping";
    return n.toString();
  }

  /** Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string value. */
  private void substituteEnv(YamlSource src, JsonNode node, String pointer) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator();
      List<Map.Entry<String, JsonNode>> replace = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = pointer + "/" + escape(e.getKey());
        if (e.getValue().isTextual()) {
          String v = expand(src, p, e.getValue().asText());
          if (!v.equals(e.getValue().asText())) {
            replace.add(Map.entry(e.getKey(), TextNode.valueOf(v)));
          }
        } else {
          substituteEnv(src, e.getValue(), p);
        }
      }
      replace.forEach(e -> obj.set(e.getKey(), e.getValue()));
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        String p = pointer + "/" + i;
        if (arr.get(i).isTextual()) {
          arr.set(i, TextNode.valueOf(expand(src, p, arr.get(i).asText())));
        } else {
          substituteEnv(src, arr.get(i), p);
        }
      }
    }
  }

  private String expand(YamlSource src, String pointer, String value) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = ENV_REF.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || v.isEmpty()) {
        if (m.group(2) == null) {
          throw src.error(pointer, "environment variable " + m.group(1) + " is not set"
              + " (write ${" + m.group(1) + ":-default} to make it optional)");
        }
        v = m.group(3);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  // ---------------------------------------------------------------- validation

  private static RawConfig.File emptyFile() {
    return new RawConfig.File(null, null, null, null, null, null, null, null, null);
  }

  private static ServerConfig server(YamlSource src, RawConfig.Server s) {
    ServerConfig d = ServerConfig.defaults();
    if (s == null) {
      return d;
    }
    int port = s.port() == null ? d.port() : s.port();
    if (port < 0 || port > 65535) {
      throw src.error("/server/port", "port must be between 0 and 65535, got " + port);
    }
    long maxBody = s.maxBodyBytes() == null ? d.maxBodyBytes() : s.maxBodyBytes();
    if (maxBody < 1024) {
      throw src.error("/server/max_body_bytes", "must be at least 1024, got " + maxBody);
    }
    Duration timeout = s.requestTimeoutMs() == null ? d.requestTimeout() : Duration.ofMillis(s.requestTimeoutMs());
    if (timeout.isNegative() || timeout.isZero()) {
      throw src.error("/server/request_timeout_ms", "must be positive");
    }
    long buffered = s.maxBufferedBytes() == null ? 0 : s.maxBufferedBytes();
    if (buffered < 0) {
      throw src.error("/server/max_buffered_bytes", "must be 0 (automatic) or positive, got " + buffered);
    }
    return new ServerConfig(blank(s.host()) ? d.host() : s.host(), port, maxBody, timeout, buffered);
  }

  private static ProviderConfig provider(YamlSource src, String id, RawConfig.Provider p) {
    String at = "/providers/" + escape(id);
    if (p == null) {
      throw src.error(at, "provider '" + id + "' has no settings (protocol:, base_url:, api_key:...)");
    }
    if (blank(p.protocol())) {
      throw src.error(at, "provider '" + id + "' needs a protocol (openai, azure-openai, anthropic, bedrock, gemini)");
    }
    Protocol protocol = Protocol.parse(p.protocol()).orElseThrow(() -> src.error(at + "/protocol",
        "unknown protocol '" + p.protocol() + "' (expected openai, azure-openai, anthropic, bedrock or gemini)"));
    String region = p.region();
    String base = p.baseUrl();
    String version = p.apiVersion();
    switch (protocol) {
      case OPENAI, AZURE_OPENAI -> {
        if (blank(base)) {
          throw src.error(at, "provider '" + id + "' needs a base_url (e.g. https://api.openai.com/v1)");
        }
        if (protocol == Protocol.AZURE_OPENAI && blank(version)) {
          version = "2024-10-21";
        }
      }
      case ANTHROPIC -> {
        base = blank(base) ? "https://api.anthropic.com" : base;
        version = blank(version) ? "2023-06-01" : version;
      }
      case GEMINI -> base = blank(base) ? "https://generativelanguage.googleapis.com" : base;
      case BEDROCK -> {
        if (blank(region)) {
          throw src.error(at, "provider '" + id + "' needs a region (e.g. us-east-1)");
        }
        base = blank(base) ? "https://bedrock-runtime." + region + ".amazonaws.com" : base;
      }
    }
    URI uri;
    try {
      uri = URI.create(stripTrailingSlash(base));
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw src.error(at + "/base_url", "not an http(s) URL: '" + base + "'");
    }
    boolean needsKey = protocol == Protocol.AZURE_OPENAI || protocol == Protocol.ANTHROPIC || protocol == Protocol.GEMINI;
    if (needsKey && blank(p.apiKey())) {
      throw src.error(at, "provider '" + id + "' needs an api_key (write api_key: ${ENV_VAR} to read it from the environment)");
    }
    int maxConn = p.maxConnections() == null ? 0 : p.maxConnections();
    if (p.maxConnections() != null && maxConn <= 0) {
      throw src.error(at + "/max_connections", "must be positive, got " + maxConn);
    }
    Duration connect = p.connectTimeoutMs() == null ? null : Duration.ofMillis(p.connectTimeoutMs());
    return new ProviderConfig(id, protocol, uri, blank(p.apiKey()) ? null : new Secret(p.apiKey()),
        p.headers(), version, region, maxConn, connect, false, awsAuth(src, at, id, protocol, p));
  }

  /** Explicit AWS credentials of a Bedrock provider, or null for the default provider chain. */
  private static AwsAuth awsAuth(YamlSource src, String at, String id, Protocol protocol, RawConfig.Provider p) {
    boolean keys = !blank(p.awsAccessKeyId()) || !blank(p.awsSecretAccessKey());
    boolean any = keys || !blank(p.awsSessionToken()) || !blank(p.awsProfile());
    if (!any) {
      return null;
    }
    if (protocol != Protocol.BEDROCK) {
      throw src.error(at, "provider '" + id + "': aws_* credentials are only for protocol bedrock");
    }
    if (keys && (blank(p.awsAccessKeyId()) || blank(p.awsSecretAccessKey()))) {
      throw src.error(at, "provider '" + id + "' needs both aws_access_key_id and aws_secret_access_key");
    }
    if (!keys && !blank(p.awsSessionToken())) {
      throw src.error(at + "/aws_session_token", "a session token needs aws_access_key_id and aws_secret_access_key");
    }
    if (keys && !blank(p.awsProfile())) {
      throw src.error(at + "/aws_profile", "give either aws_access_key_id/aws_secret_access_key or aws_profile, not both");
    }
    return keys
        ? new AwsAuth(p.awsAccessKeyId().trim(), new Secret(p.awsSecretAccessKey().trim()),
            blank(p.awsSessionToken()) ? null : new Secret(p.awsSessionToken().trim()), null)
        : new AwsAuth(null, null, null, p.awsProfile().trim());
  }

  private static RawConfig.Model merge(RawConfig.Model base, RawConfig.Model over) {
    if (base == null) {
      return over;
    }
    return new RawConfig.Model(
        over.id(),
        or(over.owner(), base.owner()),
        over.prices() == null ? base.prices() : over.prices(),
        or(over.contextWindow(), base.contextWindow()),
        or(over.maxOutputTokens(), base.maxOutputTokens()),
        or(over.capabilities(), base.capabilities()),
        or(over.deployments(), base.deployments()),
        or(over.quality(), base.quality()),
        over.aliases(),
        or(over.balancing(), base.balancing()),
        or(over.hedgeAfterMs(), base.hedgeAfterMs()),
        or(over.ttftTimeoutMs(), base.ttftTimeoutMs()));
  }

  private static Model model(YamlSource src, String at, RawConfig.Model m, Map<String, ProviderConfig> providers,
      boolean user, List<String> notes) {
    String id = m.id();
    if (blank(m.owner())) {
      throw err(src, at, "model '" + id + "' needs an owner (who makes it, e.g. openai, meta, mistral)");
    }
    if (m.prices() == null || m.prices().input() == null || m.prices().output() == null) {
      throw err(src, at + "/prices", "model '" + id + "' needs prices: {input: USD per million tokens, output: ...}");
    }
    RawConfig.Prices rp = m.prices();
    for (Map.Entry<String, BigDecimal> e : List.of(
        Map.entry("input", rp.input()), Map.entry("output", rp.output()),
        Map.entry("cached_input", Objects.requireNonNullElse(rp.cachedInput(), BigDecimal.ZERO)),
        Map.entry("cache_write", Objects.requireNonNullElse(rp.cacheWrite(), BigDecimal.ZERO)))) {
      if (e.getValue().signum() < 0) {
        throw err(src, at + "/prices/" + e.getKey(), "a price cannot be negative");
      }
    }
    if (m.contextWindow() == null || m.contextWindow() <= 0) {
      throw err(src, at + "/context_window", "model '" + id + "' needs a positive context_window (tokens)");
    }
    boolean tools = false;
    boolean vision = false;
    boolean json = false;
    boolean embeddings = false;
    if (m.capabilities() != null) {
      for (int i = 0; i < m.capabilities().size(); i++) {
        String c = m.capabilities().get(i);
        if (!CAPABILITIES.contains(c)) {
          throw err(src, at + "/capabilities/" + i, "unknown capability '" + c + "' (expected tools, vision, json or embeddings)");
        }
        tools |= c.equals("tools");
        vision |= c.equals("vision");
        json |= c.equals("json");
        embeddings |= c.equals("embeddings");
      }
      if (embeddings && (tools || vision || json)) {
        throw err(src, at + "/capabilities", "an embedding model serves no chat: 'embeddings' excludes tools, vision"
            + " and json");
      }
    }
    if (m.quality() != null && (m.quality() < 0 || m.quality() > 1)) {
      throw err(src, at + "/quality", "quality prior must be between 0 and 1");
    }
    List<Deployment> deployments = new ArrayList<>();
    List<RawConfig.Deployment> rds = m.deployments() == null ? List.of() : m.deployments();
    if (user && rds.isEmpty()) {
      throw err(src, at + "/deployments", "model '" + id + "' needs at least one deployment ({provider: ..., model: ...})");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rds.size(); i++) {
      RawConfig.Deployment d = rds.get(i);
      String dat = at + "/deployments/" + i;
      if (d == null || blank(d.provider())) {
        throw err(src, dat, "a deployment needs a provider");
      }
      ProviderConfig p = providers.get(d.provider());
      if (p == null) {
        if (!user) {
          continue; // built-in model on a provider without credentials: simply not served
        }
        String hint = BuiltinProviders.isBuiltin(d.provider())
            ? "provider '" + d.provider() + "' is not enabled: set " + BuiltinProviders.CREDENTIAL_HINTS.get(d.provider())
            : "unknown provider '" + d.provider() + "' (declare it under providers:)";
        throw err(src, dat + "/provider", hint);
      }
      String upstream = blank(d.model()) ? id : d.model();
      int weight = d.weight() == null ? 1 : d.weight();
      if (weight < 0) {
        throw err(src, dat + "/weight", "weight cannot be negative");
      }
      String did = blank(d.id()) ? d.provider() + "/" + upstream : d.id();
      if (!ids.add(did)) {
        throw err(src, dat, "deployment '" + did + "' is declared twice for model '" + id + "' (give one an id)");
      }
      int rpm = d.rpm() == null ? 0 : d.rpm();
      int tpm = d.tpm() == null ? 0 : d.tpm();
      if (rpm < 0 || tpm < 0) {
        throw err(src, dat + (rpm < 0 ? "/rpm" : "/tpm"), "a rate limit cannot be negative");
      }
      deployments.add(new Deployment(did, d.provider(), upstream, weight, rpm, tpm));
    }
    int maxOut = m.maxOutputTokens() == null ? 0 : m.maxOutputTokens();
    Prices prices = new Prices(rp.input(), rp.output(), rp.cachedInput(), rp.cacheWrite());
    Balancing balancing = Balancing.WEIGHTED;
    if (m.balancing() != null) {
      balancing = Balancing.parse(m.balancing()).orElseThrow(() -> err(src, at + "/balancing", "unknown balancing '"
          + m.balancing() + "' (expected weighted, least-outstanding, latency or rate-limit)"));
    }
    ModelDispatch dispatch = new ModelDispatch(balancing,
        positiveMillis(src, at + "/hedge_after_ms", m.hedgeAfterMs()),
        positiveMillis(src, at + "/ttft_timeout_ms", m.ttftTimeoutMs()));
    return new Model(id, m.owner(), prices, m.contextWindow(), maxOut,
        new Capabilities(tools, vision, json, embeddings), deployments, m.quality(), dispatch);
  }

  private static Duration positiveMillis(YamlSource src, String at, Long ms) {
    if (ms == null) {
      return null;
    }
    if (ms <= 0) {
      throw err(src, at, "must be a positive number of milliseconds");
    }
    return Duration.ofMillis(ms);
  }

  private static DispatchSettings dispatch(YamlSource src, RawConfig.Dispatch d) {
    DispatchSettings def = DispatchSettings.defaults();
    if (d == null) {
      return def;
    }
    int maxAttempts = d.maxAttempts() == null ? def.maxAttempts() : d.maxAttempts();
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw src.error("/dispatch/max_attempts", "must be between 1 and 20, got " + maxAttempts);
    }
    Duration initial = d.backoffInitialMs() == null ? def.backoffInitial() : Duration.ofMillis(d.backoffInitialMs());
    Duration max = d.backoffMaxMs() == null ? def.backoffMax() : Duration.ofMillis(d.backoffMaxMs());
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw src.error("/dispatch/backoff_max_ms", "backoff_max_ms must be >= backoff_initial_ms >= 0");
    }
    double mult = d.backoffMultiplier() == null ? def.backoffMultiplier() : d.backoffMultiplier();
    if (mult < 1) {
      throw src.error("/dispatch/backoff_multiplier", "must be >= 1");
    }
    double jitter = d.backoffJitter() == null ? def.backoffJitter() : d.backoffJitter();
    if (jitter < 0 || jitter > 1) {
      throw src.error("/dispatch/backoff_jitter", "must be between 0 and 1");
    }
    double ratio = d.retryBudget() == null || d.retryBudget().ratio() == null
        ? def.retryBudgetRatio() : d.retryBudget().ratio();
    int floor = d.retryBudget() == null || d.retryBudget().minPerSecond() == null
        ? def.retryBudgetFloor() : d.retryBudget().minPerSecond();
    if (ratio < 0 || floor < 0) {
      throw src.error("/dispatch/retry_budget", "ratio and min_per_second must be >= 0");
    }
    DispatchSettings.Breaker b = def.breaker();
    RawConfig.Breaker rb = d.circuitBreaker();
    if (rb != null) {
      b = new DispatchSettings.Breaker(
          rb.consecutiveFailures() == null ? b.consecutiveFailures() : rb.consecutiveFailures(),
          rb.failureRate() == null ? b.failureRate() : rb.failureRate(),
          rb.window() == null ? b.window() : rb.window(),
          rb.minCalls() == null ? b.minCalls() : rb.minCalls(),
          rb.openMs() == null ? b.openFor() : Duration.ofMillis(rb.openMs()),
          rb.probes() == null ? b.probes() : rb.probes());
      if (b.consecutiveFailures() < 1 || b.window() < 1 || b.minCalls() < 1 || b.probes() < 1
          || b.failureRate() <= 0 || b.failureRate() > 1 || b.openFor().isNegative()) {
        throw src.error("/dispatch/circuit_breaker", "counts must be >= 1, failure_rate in (0, 1], open_ms >= 0");
      }
    }
    Duration ttft = d.streamTtftTimeoutMs() == null ? def.streamTtftTimeout()
        : positiveMillis(src, "/dispatch/stream_ttft_timeout_ms", d.streamTtftTimeoutMs());
    return new DispatchSettings(maxAttempts, initial, max, mult, jitter, ratio, floor, b, ttft);
  }

  private static void addAliases(YamlSource src, String at, String id, List<String> list, Map<String, String> aliases) {
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String prev = aliases.putIfAbsent(list.get(i), id);
      if (prev != null && !prev.equals(id)) {
        throw src.error(at + "/aliases/" + i, "alias '" + list.get(i) + "' already names model '" + prev + "'");
      }
    }
  }

  private static String servedHint(String name, Map<String, RawConfig.Model> builtin) {
    RawConfig.Model b = name == null ? null : builtin.get(name);
    if (b == null || b.deployments() == null || b.deployments().isEmpty()) {
      return "";
    }
    String p = b.deployments().get(0).provider();
    String hint = BuiltinProviders.CREDENTIAL_HINTS.get(p);
    return hint == null ? "" : " (it is in the built-in catalog: set " + hint + " to enable it)";
  }

  private static String resolve(String name, Map<String, Model> models, Map<String, String> aliases) {
    if (name == null) {
      return null;
    }
    if (models.containsKey(name)) {
      return name;
    }
    String t = aliases.get(name);
    return t != null && models.containsKey(t) ? t : null;
  }

  /** Built-in models by id, in file order. */
  static Map<String, RawConfig.Model> builtinModels() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in catalog missing from the jar: " + BUILTIN_RESOURCE);
      }
      YamlSource src = YamlSource.parse("builtin-models.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      RawConfig.Model[] list = bind(src, src.root.path("models"), "/models", RawConfig.Model[].class);
      Map<String, RawConfig.Model> out = new LinkedHashMap<>();
      for (RawConfig.Model m : list) {
        out.put(m.id(), m);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConfigException err(YamlSource src, String at, String problem) {
    if (src == null) {
      throw new IllegalStateException("built-in catalog, " + at + ": " + problem);
    }
    return src.error(at, problem);
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static <T> T or(T a, T b) {
    return a != null ? a : b;
  }
}
