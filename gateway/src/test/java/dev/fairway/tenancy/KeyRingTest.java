package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.Reason;
import dev.fairway.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(SharedDatabases.class)
class KeyRingTest {

  private static Authentication auth(TenancyHarness h, String presented) {
    return h.tenancy.authenticate(presented, h.now());
  }

  private static AuthRefusal refusal(Authentication a) {
    assertThat(a).isInstanceOf(Authentication.Refused.class);
    return ((Authentication.Refused) a).reason();
  }

  private static Principal principal(Authentication a) {
    assertThat(a).isInstanceOf(Authentication.Granted.class);
    return ((Authentication.Granted) a).principal();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aLiveKeyAuthenticatesAsItsKeyAndTeam(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      h.admin().createTeam(TeamDraft.of(null, "Engineering", new Policy(List.of("gpt-4o", "claude-haiku-4-5"),
          new BigDecimal("100"), BudgetPeriod.MONTH, 600, null, null)), "master");
      String team = h.admin().teams().stream().filter(t -> "Engineering".equals(t.name())).reduce((a, b) -> b)
          .orElseThrow().id();
      IssuedKey k = h.admin().createKey(KeyDraft.of("ci", new Policy(List.of("gpt-4o"), null, null, 60, null, 4))
          .withTeam(team), "master");

      Principal p = principal(auth(h, k.secretKey()));

      assertThat(p.keyId()).isEqualTo(k.key().id());
      assertThat(p.teamId()).isEqualTo(team);
      assertThat(p.scopes()).extracting(Scope::kind).containsExactly(ScopeKind.KEY, ScopeKind.TEAM);
      assertThat(p.allowedModels()).containsExactly("gpt-4o");
      assertThat(p.permits("gpt-4o")).isTrue();
      assertThat(p.permits("claude-haiku-4-5")).isFalse();
      assertThat(p.permits("smart", "gpt-4o")).isTrue(); // an alias resolving to an allowed model
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void everyKindOfBadCredentialIsATypedRefusalWithA401(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      String t = h.admin().createTeam(TeamDraft.of(null, null, null), "master").id();
      IssuedKey live = h.admin().createKey(KeyDraft.of("live", null), "master");
      IssuedKey expiring = h.admin().createKey(KeyDraft.of("exp", null).withExpiresAtMs(h.now() + 1000), "master");
      IssuedKey blocked = h.admin().createKey(KeyDraft.of("blk", null), "master");
      h.admin().setKeyBlocked(blocked.key().id(), true, "master");
      IssuedKey inTeam = h.admin().createKey(KeyDraft.of("tm", null).withTeam(t), "master");
      h.admin().setTeamBlocked(t, true, "master");
      String liveKey = live.secretKey();
      String wrongSecret = liveKey.substring(0, liveKey.length() - 1) + (liveKey.endsWith("a") ? "b" : "a");
      String unknownId = "sk-fw-000000000000-" + liveKey.substring(liveKey.length() - 43);

      assertThat(refusal(auth(h, null))).isEqualTo(AuthRefusal.MISSING);
      assertThat(refusal(auth(h, ""))).isEqualTo(AuthRefusal.MISSING);
      assertThat(refusal(auth(h, "sk-whatever"))).isEqualTo(AuthRefusal.UNKNOWN);
      assertThat(refusal(auth(h, unknownId))).isEqualTo(AuthRefusal.UNKNOWN);
      assertThat(refusal(auth(h, wrongSecret))).isEqualTo(AuthRefusal.WRONG_SECRET);
      assertThat(refusal(auth(h, blocked.secretKey()))).isEqualTo(AuthRefusal.BLOCKED);
      assertThat(refusal(auth(h, inTeam.secretKey()))).isEqualTo(AuthRefusal.TEAM_BLOCKED);
      principal(auth(h, expiring.secretKey()));
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(refusal(auth(h, expiring.secretKey()))).isEqualTo(AuthRefusal.EXPIRED);

      for (AuthRefusal r : AuthRefusal.values()) {
        assertThat(r.error().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(r.error().kind().httpStatus()).isEqualTo(401);
        assertThat(r.error().reason()).isEqualTo(Reason.INVALID_API_KEY);
      }
      // An unknown id and a wrong secret read alike: the message tells a guesser nothing.
      assertThat(AuthRefusal.UNKNOWN.error().getMessage()).isEqualTo(AuthRefusal.WRONG_SECRET.error().getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aRotatedKeysOldSecretWorksUntilItsGraceEndsAcrossARestart(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      IssuedKey first = h.admin().createKey(KeyDraft.of("svc", null), "master");
      IssuedKey second = h.admin().rotateKey(first.key().id(), Duration.ofSeconds(60), "master");

      assertThat(second.key().id()).isEqualTo(first.key().id());
      assertThat(second.secretKey()).isNotEqualTo(first.secretKey());
      assertThat(second.previousValidUntilMs()).isEqualTo(h.now() + 60_000);
      principal(auth(h, first.secretKey()));
      principal(auth(h, second.secretKey()));

      h.reopen();
      h.clock.advance(Duration.ofMillis(59_999));
      principal(auth(h, first.secretKey()));
      h.clock.advance(Duration.ofMillis(1));
      assertThat(refusal(auth(h, first.secretKey()))).isEqualTo(AuthRefusal.ROTATED_OUT);
      principal(auth(h, second.secretKey()));

      // A second rotation keeps only the secret it replaces: the first is refused at once.
      IssuedKey third = h.admin().rotateKey(first.key().id(), Duration.ofSeconds(60), "master");
      assertThat(refusal(auth(h, first.secretKey()))).isEqualTo(AuthRefusal.WRONG_SECRET);
      principal(auth(h, second.secretKey()));
      principal(auth(h, third.secretKey()));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aRotationWithoutGraceRefusesTheOldSecretAtOnce(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      IssuedKey first = h.admin().createKey(KeyDraft.of("svc", null), "master");
      h.admin().rotateKey(first.key().id(), Duration.ZERO, "master");
      assertThat(refusal(auth(h, first.secretKey()))).isEqualTo(AuthRefusal.ROTATED_OUT);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void changesMadeByAnotherInstanceApplyAtItsNextPoll(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      ManualScheduler otherTicks = new ManualScheduler();
      try (Tenancy other = h.secondInstance(otherTicks)) {
        IssuedKey k = h.admin().createKey(KeyDraft.of("svc", null), "master");
        assertThat(refusal(other.authenticate(k.secretKey(), h.now()))).isEqualTo(AuthRefusal.UNKNOWN);
        otherTicks.tick();
        principal(other.authenticate(k.secretKey(), h.now()));

        h.admin().setKeyBlocked(k.key().id(), true, "master");
        principal(other.authenticate(k.secretKey(), h.now()));
        otherTicks.tick();
        assertThat(refusal(other.authenticate(k.secretKey(), h.now()))).isEqualTo(AuthRefusal.BLOCKED);

        assertThat(other.keyRing().refresh()).as("nothing changed since").isFalse();

        // A key made here in a team made there (not yet polled here) works at once.
        Team there = other.admin().createTeam(TeamDraft.of(null, "there", null), "master");
        IssuedKey inThere = h.admin().createKey(KeyDraft.of("x", null).withTeam(there.id()), "master");
        assertThat(principal(h.tenancy.authenticate(inThere.secretKey(), h.now())).teamId()).isEqualTo(there.id());
        h.admin().deleteKey(k.key().id(), "master");
        otherTicks.tick();
        assertThat(refusal(other.authenticate(k.secretKey(), h.now()))).isEqualTo(AuthRefusal.UNKNOWN);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aChangeMadeInTheDatabaseByHandIsPickedUpByThePoll(TestDatabases.Kind kind) throws Exception {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      IssuedKey k = h.admin().createKey(KeyDraft.of("svc", null), "master");
      try (Connection c = h.db.connection();
           PreparedStatement ps = c.prepareStatement("UPDATE tenancy_key SET blocked = ? WHERE id = ?")) {
        ps.setBoolean(1, true);
        ps.setString(2, k.key().id());
        ps.executeUpdate();
      }
      principal(auth(h, k.secretKey()));
      h.scheduler.tick();
      assertThat(refusal(auth(h, k.secretKey()))).isEqualTo(AuthRefusal.BLOCKED);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theMasterKeyIsTheUnlimitedPrincipal(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      Principal p = principal(auth(h, TenancyHarness.MASTER));
      assertThat(p.isMaster()).isTrue();
      assertThat(p.permits("anything")).isTrue();
      assertThat(h.tenancy.limits().reserve(p, new BigDecimal("1e9"), 1_000_000, h.now())).isInstanceOf(Permit.class);
      assertThat(refusal(auth(h, TenancyHarness.MASTER + "x"))).isEqualTo(AuthRefusal.UNKNOWN);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aTeamChangeReachesItsKeysAtOnce(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      String t = h.admin().createTeam(TeamDraft.of(null, null, null), "master").id();
      IssuedKey k = h.admin().createKey(KeyDraft.of("a", null).withTeam(t), "master");
      h.admin().updateTeam(t, d -> d.withPolicy(new Policy(List.of("gpt-4o"), null, null, null, null, null)), "master");
      assertThat(principal(auth(h, k.secretKey())).allowedModels()).containsExactly("gpt-4o");
    }
  }
}
