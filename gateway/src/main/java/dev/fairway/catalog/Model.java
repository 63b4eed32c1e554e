package dev.fairway.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A model clients can ask for, with what routing needs to judge it: prices, context window,
 * capabilities and, for neutrality audits, its {@code owner} (who makes it). Routing objectives
 * never see the owner; see {@code dev.fairway.routing}.
 *
 * @param qualityPrior a configured quality score in [0, 1] used until outcome data exists, or null
 * @param dispatch balancing, hedging and time-to-first-token settings of this model's calls
 */
public record Model(
    String id,
    String owner,
    Prices prices,
    int contextWindow,
    int maxOutputTokens,
    Capabilities capabilities,
    List<Deployment> deployments,
    Double qualityPrior,
    ModelDispatch dispatch) {

  public Model {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(capabilities, "capabilities");
    deployments = List.copyOf(deployments);
    dispatch = dispatch == null ? ModelDispatch.DEFAULT : dispatch;
  }

  public Model(String id, String owner, Prices prices, int contextWindow, int maxOutputTokens,
      Capabilities capabilities, List<Deployment> deployments, Double qualityPrior) {
    this(id, owner, prices, contextWindow, maxOutputTokens, capabilities, deployments, qualityPrior, null);
  }

  public Model withDeployments(List<Deployment> ds) {
    return new Model(id, owner, prices, contextWindow, maxOutputTokens, capabilities, ds, qualityPrior, dispatch);
  }
}
