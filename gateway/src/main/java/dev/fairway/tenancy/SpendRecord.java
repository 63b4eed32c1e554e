package dev.fairway.tenancy;

import java.math.BigDecimal;

/** Settled spend of one scope in one budget period: a stored total, or an increment to add to it. */
public record SpendRecord(Scope.Id scope, long periodStartMs, BigDecimal spendUsd) {}
