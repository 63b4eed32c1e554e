package dev.fairway.routing;

import java.util.List;

/**
 * {@code routing.house_policy}: an operator's declared preference for some owners' models. Off by
 * default (no owners). When on, it is a named, disclosed transform applied to the candidates'
 * merit before the objective orders them (the objective itself still never sees an owner), and
 * every request whose choice it changed says so; the audit measures its effect.
 *
 * @param owners model owners the policy favours
 * @param qualityBonus added to those models' predicted quality, in [0, 1]
 * @param priceDiscount fraction taken off those models' predicted cost, in [0, 1)
 */
public record HousePolicy(List<String> owners, double qualityBonus, double priceDiscount) {
  public static final HousePolicy NONE = new HousePolicy(List.of(), 0, 0);

  public HousePolicy {
    owners = List.copyOf(owners);
    if (qualityBonus < 0 || qualityBonus > 1 || priceDiscount < 0 || priceDiscount >= 1) {
      throw new IllegalArgumentException("quality_bonus must be in [0, 1], price_discount in [0, 1)");
    }
  }

  public boolean enabled() {
    return !owners.isEmpty() && (qualityBonus > 0 || priceDiscount > 0);
  }

  /** A candidate's merit as the policy presents it to the objective. */
  Merit apply(Merit m, String owner) {
    if (!enabled() || !owners.contains(owner)) {
      return m;
    }
    return new Merit(Math.min(1, m.quality() + qualityBonus), m.costUsd() * (1 - priceDiscount), m.ttftMs(),
        m.capabilities(), m.fromData());
  }

  /** {@code house(owners=a|b, quality_bonus=0.02, price_discount=0)}: how headers and reports name it. */
  public String describe() {
    return "house(owners=" + String.join("|", owners) + ", quality_bonus=" + qualityBonus + ", price_discount="
        + priceDiscount + ")";
  }
}
