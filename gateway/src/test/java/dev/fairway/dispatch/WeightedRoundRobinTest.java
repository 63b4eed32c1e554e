package dev.fairway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.Prices;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {
  final Deployment a = new Deployment("a", "p", "m", 3);
  final Deployment b = new Deployment("b", "q", "m", 1);
  final Deployment spare = new Deployment("spare", "r", "m", 0);
  final Model model = new Model("m", "o", Prices.of("1", "1"), 100, 0, Capabilities.ALL, List.of(a, b, spare), null);
  final WeightedRoundRobin wrr = new WeightedRoundRobin();

  @Test
  void splitsCallsInProportionToWeightInterleaved() {
    StringBuilder order = new StringBuilder();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      Deployment d = wrr.select(model, Set.of());
      order.append(d.id());
      counts.merge(d.id(), 1, Integer::sum);
    }
    assertThat(counts).containsEntry("a", 6).containsEntry("b", 2).doesNotContainKey("spare");
    assertThat(order.toString()).isEqualTo("aabaaaba");
  }

  @Test
  void skipsExcludedDeploymentsAndFallsToZeroWeightSpares() {
    assertThat(wrr.select(model, Set.of("a"))).isEqualTo(b);
    assertThat(wrr.select(model, Set.of("a", "b"))).isEqualTo(spare);
    assertThat(wrr.select(model, Set.of("a", "b", "spare"))).isNull();
  }
}
