package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertTokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.identity.TokenError.Code;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user delegating a task to an agent instance at the {@link TokenService}. */
class TokenServiceDelegateTest {
  private static final String I1 = "spiffe://portcullis.example/agent/invoice-bot/i/i1";

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String instance = world.enrol("invoice-bot", "i1", key);

  private TokenResponse delegate(String userToken, String resource, String details) {
    return world.tokens.exchange(IdentityFixture.delegateRequest(userToken, instance, key.tokenRequest(), resource,
        details));
  }

  @Test
  void delegate_mintsDelegationTokenForTheUserActedOnByTheInstance() {
    TokenResponse response = delegate(IdentityFixture.ALICE, IdentityFixture.BANK, IdentityFixture.DETAILS);

    assertThat(response.tokenType()).isEqualTo("DPoP");
    assertThat(response.expiresIn()).isEqualTo(300);
    assertThat(TokenForge.headerOf(response.accessToken())).containsEntry("typ", "dlg+jwt")
        .containsOnlyKeys("alg", "typ", "kid");
    Map<String, Object> claims = TokenForge.claimsOf(response.accessToken());
    assertThat(claims)
        .containsEntry("iss", TokenForge.ISSUER)
        .containsEntry("aud", IdentityFixture.BANK)
        .containsEntry("sub", "alice")
        .containsEntry("user_iss", FakeUsers.ISSUER)
        .containsEntry("act", Map.of("sub", I1, "client_id", "invoice-bot"))
        .containsEntry("cnf", Map.of("jkt", key.jkt()))
        .containsEntry("iat", TestClock.START.getEpochSecond())
        .containsEntry("exp", TestClock.START.getEpochSecond() + 300)
        .containsKeys("txn", "jti");
    assertThat((String) claims.get("txn")).matches("[A-Za-z0-9_-]{22}");
    assertThat(claims.get("authorization_details")).isEqualTo(List.of(Map.of("type", "portcullis_task",
        "task", "inv-4711", "description", "reconcile invoice 4711", "tools", List.of("bank.*", "mail.send"),
        "locations", List.of(IdentityFixture.MAIL), "max_calls", 20L)));
  }

  @Test
  void delegate_reportsFacts() {
    TokenResponse response = delegate(IdentityFixture.ALICE, IdentityFixture.BANK, IdentityFixture.DETAILS);
    assertThat(response.facts())
        .containsEntry("agent", "invoice-bot").containsEntry("instance", I1)
        .containsEntry("user", IdentityFixture.ALICE_KEY).containsEntry("task", "inv-4711")
        .containsEntry("depth", 1).containsEntry("outcome", "delegated")
        .containsEntry("txn", TokenForge.claimsOf(response.accessToken()).get("txn"));
  }

  @Test
  void delegationToken_callsAsTheInstanceForTheUser() {
    String token = delegate(IdentityFixture.ALICE, IdentityFixture.BANK, IdentityFixture.DETAILS).accessToken();

    Principal principal = world.call(token, key);

    assertThat(principal.agentId()).isEqualTo("invoice-bot");
    assertThat(principal.subject()).isEqualTo(I1);
    Delegation delegation = principal.delegation();
    assertThat(delegation.user()).isEqualTo("alice");
    assertThat(delegation.userIssuer()).isEqualTo(FakeUsers.ISSUER);
    assertThat(delegation.chain()).containsExactly(new Delegation.Actor("invoice-bot", I1));
    assertThat(delegation.task()).isEqualTo("inv-4711");
    assertThat(delegation.audience()).isEqualTo(IdentityFixture.BANK);
    assertThat(delegation.depth()).isEqualTo(1);
    assertThat(delegation.authorizationDetails()).hasSize(1);
    assertThat(delegation.expiresAt()).isEqualTo(TestClock.START.plusSeconds(300));
  }

  @Test
  void delegate_neverOutlivesTheUsersToken() {
    world.users.add("short", "carol", TestClock.START.plusSeconds(90), null);
    assertThat(delegate("short", IdentityFixture.BANK, IdentityFixture.DETAILS).expiresIn()).isEqualTo(90);
  }

  @Test
  void delegate_requestedShorterLifetime_isHonoured() {
    TokenRequest base = IdentityFixture.delegateRequest(IdentityFixture.ALICE, instance, key.tokenRequest(),
        IdentityFixture.BANK, IdentityFixture.DETAILS);
    var form = new java.util.LinkedHashMap<>(base.form());
    form.put("requested_expires_in", List.of("60"));
    assertThat(world.tokens.exchange(new TokenRequest(form, base.dpopProof(), "POST", base.url())).expiresIn())
        .isEqualTo(60);
  }

  @Test
  void delegate_userWithMayActNamingTheAgent_isAllowedWithoutRules() {
    world.users.add("dave-token", "dave", TestClock.START.plusSeconds(3600),
        Map.of("sub", "spiffe://portcullis.example/agent/payroll-bot"));
    ProofForge payrollKey = new ProofForge(world.clock);
    String payroll = world.enrol("payroll-bot", "p1", payrollKey);

    TokenResponse response = world.tokens.exchange(IdentityFixture.delegateRequest("dave-token", payroll,
        payrollKey.tokenRequest(), IdentityFixture.PAYROLL, IdentityFixture.DETAILS));

    assertThat(response.facts()).containsEntry("agent", "payroll-bot").containsEntry("outcome", "delegated");
  }

  @Test
  void delegate_userWithMayActNamingAnotherAgent_isRefusedEvenIfRulesAllow() {
    world.users.add("erin-token", "erin", TestClock.START.plusSeconds(3600), Map.of("sub", "payroll-bot"));
    assertTokenError(() -> delegate("erin-token", IdentityFixture.BANK, IdentityFixture.DETAILS),
        Code.UNAUTHORIZED_CLIENT, "agent 'invoice-bot' may not act for this user");
  }

  @Test
  void delegate_mayActFromAnotherIssuer_isRefused() {
    world.users.add("fay-token", "fay", TestClock.START.plusSeconds(3600),
        Map.of("iss", "https://other.example.com", "sub", "invoice-bot"));
    assertTokenError(() -> delegate("fay-token", IdentityFixture.BANK, IdentityFixture.DETAILS),
        Code.UNAUTHORIZED_CLIENT, "may not act for this user");
  }

  @Test
  void delegate_agentTheRulesDoNotList_isRefused() {
    ProofForge payrollKey = new ProofForge(world.clock);
    String payroll = world.enrol("payroll-bot", "p1", payrollKey);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.delegateRequest(IdentityFixture.ALICE, payroll,
        payrollKey.tokenRequest(), IdentityFixture.BANK, IdentityFixture.DETAILS)),
        Code.UNAUTHORIZED_CLIENT, "agent 'payroll-bot' may not act for this user");
  }

  @Test
  void delegate_invalidUserToken_isRefused() {
    assertTokenError(() -> delegate("forged-user-token", IdentityFixture.BANK, IdentityFixture.DETAILS),
        Code.INVALID_GRANT, "subject_token refused: user token is not valid", "forged-user-token");
  }

  @Test
  void delegate_userSubjectTooLongForADelegationToken_isRefused() {
    world.users.add("long-token", "u".repeat(256), TestClock.START.plusSeconds(3600), null);
    assertTokenError(() -> delegate("long-token", IdentityFixture.BANK, IdentityFixture.DETAILS), Code.INVALID_GRANT,
        "the user's subject or issuer is empty or too long");
  }

  @Test
  void delegate_revokedUser_isRefused() {
    world.revocations.revoke(new RevocationRecord(RevocationRecord.Kind.USER, IdentityFixture.ALICE_KEY, "left",
        "admin", TestClock.START));
    assertTokenError(() -> delegate(IdentityFixture.ALICE, IdentityFixture.BANK, IdentityFixture.DETAILS),
        Code.INVALID_GRANT, "the user's delegations are revoked");
  }

  @Test
  void delegate_revokedTask_isRefused() {
    world.revocations.revoke(new RevocationRecord(RevocationRecord.Kind.TASK, "inv-4711", "done", "admin",
        TestClock.START));
    assertTokenError(() -> delegate(IdentityFixture.ALICE, IdentityFixture.BANK, IdentityFixture.DETAILS),
        Code.INVALID_GRANT, "task 'inv-4711' is revoked");
  }

  @Test
  void delegate_resourceNotServed_isInvalidTarget() {
    assertTokenError(() -> delegate(IdentityFixture.ALICE, "https://evil.example.com/mcp", IdentityFixture.DETAILS),
        Code.INVALID_TARGET, "not one this gateway serves");
  }

  @Test
  void delegate_noResource_isInvalidTarget() {
    assertTokenError(() -> delegate(IdentityFixture.ALICE, null, IdentityFixture.DETAILS), Code.INVALID_TARGET,
        "exactly one resource or audience is required, 0 given");
  }

  @Test
  void delegate_resourceAndAudience_isInvalidTarget() {
    TokenRequest base = IdentityFixture.delegateRequest(IdentityFixture.ALICE, instance, key.tokenRequest(),
        IdentityFixture.BANK, IdentityFixture.DETAILS);
    var form = new java.util.LinkedHashMap<>(base.form());
    form.put("audience", List.of(IdentityFixture.MAIL));
    assertTokenError(() -> world.tokens.exchange(new TokenRequest(form, base.dpopProof(), "POST", base.url())),
        Code.INVALID_TARGET, "exactly one resource or audience is required, 2 given");
  }

  @Test
  void delegate_withoutAuthorizationDetails_isRefused() {
    assertTokenError(() -> delegate(IdentityFixture.ALICE, IdentityFixture.BANK, null),
        Code.INVALID_AUTHORIZATION_DETAILS, "authorization_details is required");
  }

  @Test
  void delegate_malformedAuthorizationDetails_isRefused() {
    assertTokenError(() -> delegate(IdentityFixture.ALICE, IdentityFixture.BANK,
        "[{\"type\":\"portcullis_task\",\"task\":\"t\",\"tools\":[\"bank.*\"],\"admin\":true}]"),
        Code.INVALID_AUTHORIZATION_DETAILS, "member 'admin' is not allowed");
  }

  @Test
  void delegate_actorIsAnAgentCredential_isRefused() {
    String credential = world.credential("invoice-bot");
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.delegateRequest(IdentityFixture.ALICE, credential,
        key.tokenRequest(), IdentityFixture.BANK, IdentityFixture.DETAILS)),
        Code.INVALID_CLIENT, "actor_token refused: the actor must present an instance token", credential);
  }

  @Test
  void delegate_proofByAnotherKeyThanTheActorToken_isRefused() {
    ProofForge thief = new ProofForge(world.clock);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.delegateRequest(IdentityFixture.ALICE, instance,
        thief.tokenRequest(), IdentityFixture.BANK, IdentityFixture.DETAILS)),
        Code.INVALID_DPOP_PROOF, "not the key the token is bound to (cnf.jkt)");
  }

  @Test
  void delegate_userTokenLongerThanTtl_yieldsTheConfiguredTtl() {
    world.clock.advance(Duration.ofMinutes(1));
    assertThat(delegate(IdentityFixture.ALICE, IdentityFixture.BANK, IdentityFixture.DETAILS).expiresIn())
        .isEqualTo(300);
  }
}
