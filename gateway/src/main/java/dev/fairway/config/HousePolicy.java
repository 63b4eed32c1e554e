package dev.fairway.config;

import java.util.List;

/**
 * {@code routing.house_policy}: an operator's declared preference for some owners' models. Off by
 * default (no owners); when on, it is a named, disclosed policy whose effect the audit measures.
 *
 * @param owners model owners the policy favours
 * @param qualityBonus added to those models' predicted quality, in [0, 1]
 * @param priceDiscount fraction taken off those models' predicted cost, in [0, 1)
 */
public record HousePolicy(List<String> owners, double qualityBonus, double priceDiscount) {
  public static final HousePolicy NONE = new HousePolicy(List.of(), 0, 0);

  public HousePolicy {
    owners = List.copyOf(owners);
  }

  public boolean enabled() {
    return !owners.isEmpty();
  }
}
