package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;

/** Whether a deployment may take a call now (circuit closed, no cooldown, limits not reached). */
@FunctionalInterface
public interface Eligibility {
  Eligibility ALWAYS = (m, d) -> true;

  boolean test(Model model, Deployment deployment);

  static Eligibility of(DeploymentHealth health) {
    return (m, d) -> health.state(m, d).available();
  }
}
