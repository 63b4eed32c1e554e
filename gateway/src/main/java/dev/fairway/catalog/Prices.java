package dev.fairway.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * List prices in US dollars per million tokens. Cached input is what a prompt-cache read costs,
 * cache write what creating a cache entry costs; each defaults to the input price when a provider
 * has no separate rate.
 */
public record Prices(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite) {
  public static final Prices FREE = new Prices(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  public Prices {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    cachedInput = cachedInput == null ? input : cachedInput;
    cacheWrite = cacheWrite == null ? input : cacheWrite;
  }

  public static Prices of(String input, String output) {
    return new Prices(new BigDecimal(input), new BigDecimal(output), null, null);
  }
}
