package dev.fairway.tenancy;

import java.math.BigDecimal;

/** The settled spend of one scope in one budget period, as stored. */
public record SpendRecord(Scope.Id scope, long periodStartMs, BigDecimal spendUsd) {}
