package dev.fairway.tenancy;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a key or a team may do: which models, how much money per period, how many requests and
 * tokens per minute, how many requests at once. Null means no limit; an empty model list allows
 * every model.
 *
 * @param models model ids, aliases and router names the holder may ask for; empty = all
 * @param maxBudgetUsd exact US-dollar budget per {@code budgetPeriod}, or null for none
 * @param budgetPeriod when the budget starts again ({@link BudgetPeriod#NONE}: never)
 * @param rpm requests per minute (sliding 60-second window), or null
 * @param tpm tokens per minute (sliding 60-second window), or null
 * @param maxParallel requests in flight at once, or null
 */
public record Policy(List<String> models, BigDecimal maxBudgetUsd, BudgetPeriod budgetPeriod, Integer rpm,
    Long tpm, Integer maxParallel) {
  public static final Policy UNLIMITED = new Policy(List.of(), null, BudgetPeriod.NONE, null, null, null);

  public Policy {
    models = models == null ? List.of() : List.copyOf(models);
    budgetPeriod = budgetPeriod == null ? BudgetPeriod.NONE : budgetPeriod;
  }

  /** True when {@code model} is on the allow-list, or the list is empty. */
  public boolean permits(String model) {
    return models.isEmpty() || models.contains(model);
  }

  /** True when any budget or rate limit applies (the allow-list aside). */
  public boolean limited() {
    return maxBudgetUsd != null || rpm != null || tpm != null || maxParallel != null;
  }
}
