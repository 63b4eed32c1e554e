package dev.fairway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.Usage;
import dev.fairway.catalog.Prices;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricingTest {

  @Test
  void pricesEachKindOfTokenAtItsOwnRate() {
    // claude-sonnet-4-5: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens
    Prices p = new Prices(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"), new BigDecimal("3.75"));
    Usage u = new Usage(10_000, 2_000, 6_000, 1_000, 0);

    // 3,000 uncached × 3 + 6,000 × 0.30 + 1,000 × 3.75 + 2,000 × 15 = 9,000 + 1,800 + 3,750 + 30,000 per million
    assertThat(Pricing.cost(p, u)).isEqualByComparingTo("0.04455");
  }

  @Test
  void countsReasoningTokensAsOutput() {
    Prices p = Prices.of("1.25", "10");
    Usage u = new Usage(1_000, 5_000, 0, 0, 4_000);

    assertThat(Pricing.cost(p, u)).isEqualByComparingTo("0.05125");
  }

  @Test
  void cachedInputDefaultsToTheInputPrice() {
    Prices p = Prices.of("2", "8");
    assertThat(Pricing.cost(p, new Usage(1_000_000, 0, 500_000, 0, 0))).isEqualByComparingTo("2");
  }

  @Test
  void formatsWithoutExponents() {
    assertThat(Pricing.format(new BigDecimal("0.00000465"))).isEqualTo("0.00000465");
    assertThat(Pricing.format(BigDecimal.ZERO.setScale(9))).isEqualTo("0");
  }
}
