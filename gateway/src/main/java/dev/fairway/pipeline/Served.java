package dev.fairway.pipeline;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.routing.RouteDecision;

/** Who answered a request and how many attempts it took. */
public record Served(Model model, Deployment deployment, ProviderConfig provider, int attempts, RouteDecision decision) {}
