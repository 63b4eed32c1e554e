package dev.fairway.metering;

import dev.fairway.api.Usage;
import dev.fairway.catalog.Prices;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The cost of a call from its usage and the model's list prices: uncached input, cache reads,
 * cache writes and output (reasoning included) each at their own rate. Exact decimal arithmetic.
 */
public final class Pricing {
  private Pricing() {}

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** US dollars. */
  public static BigDecimal cost(Prices p, Usage u) {
    BigDecimal perMillion = p.input().multiply(BigDecimal.valueOf(u.uncachedInputTokens()))
        .add(p.cachedInput().multiply(BigDecimal.valueOf(u.cachedInputTokens())))
        .add(p.cacheWrite().multiply(BigDecimal.valueOf(u.cacheWriteTokens())))
        .add(p.output().multiply(BigDecimal.valueOf(u.outputTokens())));
    return perMillion.divide(MILLION, MathContext.DECIMAL64);
  }

  /** A cost as plain decimal text for headers ({@code 0.000123}), never in exponent notation. */
  public static String format(BigDecimal usd) {
    BigDecimal s = usd.stripTrailingZeros();
    return s.signum() == 0 ? "0" : s.toPlainString();
  }
}
