package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;

import dev.portcullis.core.Credentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Delegation tokens with our valid signature but claims that must not be believed: stale, early,
 * unbounded, for another audience or issuer, oversized, or with a malformed chain. (Tokens signed
 * by our key with bad claims stand for a bug or a leaked key; the checks hold anyway.)
 */
class DelegationClaimsAttackTest {
  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge key = new ProofForge(world.clock);
  private final String valid = world.delegate(world.enrol("invoice-bot", "i1", key), key);

  private void assertCallRefused(String token, String reasonPart) {
    var credentials = new Credentials(token, key.mcp(token), "POST", IdentityFixture.BANK);
    assertRefused(() -> world.callers.verify(credentials, IdentityFixture.BANK), reasonPart, token);
  }

  private String edited(Consumer<Map<String, Object>> edit) {
    return world.forge.resign(valid, edit);
  }

  @Test
  void expiredToken_isRefused() {
    world.clock.advance(Duration.ofSeconds(300));
    assertCallRefused(valid, "token has expired");
  }

  @Test
  void tokenIssuedInTheFuture_isRefused() {
    long now = TestClock.START.getEpochSecond();
    assertCallRefused(edited(c -> { c.put("iat", now + 120); c.put("exp", now + 300); }), "issued in the future (iat)");
  }

  @Test
  void tokenWithoutExpiry_isRefused() {
    assertCallRefused(edited(c -> c.remove("exp")), "token has no expiry (exp)");
  }

  @Test
  void tokenLivingLongerThanTheDelegationTtl_isRefused() {
    assertCallRefused(edited(c -> c.put("exp", TestClock.START.getEpochSecond() + 3600)),
        "delegation lifetime exceeds the maximum of PT5M");
  }

  @Test
  void tokenForAnotherResource_isRefused() {
    assertCallRefused(edited(c -> c.put("aud", IdentityFixture.PAYROLL)), "delegation token is for another resource (aud)");
  }

  @Test
  void tokenWithSeveralAudiences_isRefused() {
    assertCallRefused(edited(c -> c.put("aud", List.of(IdentityFixture.BANK, IdentityFixture.PAYROLL))),
        "must name exactly one audience (aud)");
  }

  @Test
  void tokenWithOneAudienceInAnArray_isRefused() {
    assertCallRefused(edited(c -> c.put("aud", List.of(IdentityFixture.BANK))), "must name exactly one audience (aud)");
  }

  @Test
  void unlistedIssuer_isRefused() {
    assertCallRefused(edited(c -> c.put("iss", "https://evil.example.com")), "issuer (iss) is not this gateway");
  }

  @Test
  void tokenWithoutKeyBinding_isRefused() {
    assertCallRefused(edited(c -> c.remove("cnf")), "not bound to a key (cnf.jkt)");
  }

  @Test
  void keyBindingWithExtraMembers_isRefused() {
    assertCallRefused(edited(c -> c.put("cnf", Map.of("jkt", key.jkt(), "jwk", Map.of("kty", "EC")))),
        "not a single SHA-256 key thumbprint");
  }

  @Test
  void tokenWithoutTransaction_isRefused() {
    assertCallRefused(edited(c -> c.remove("txn")), "no valid transaction id (txn)");
  }

  @Test
  void tokenWithoutUserIssuer_isRefused() {
    assertCallRefused(edited(c -> c.remove("user_iss")), "no user issuer (user_iss)");
  }

  @Test
  void tokenWithoutActor_isRefused() {
    assertCallRefused(edited(c -> c.remove("act")), "token has no actor (act)");
  }

  @Test
  void actorThatIsNotAnInstance_isRefused() {
    assertCallRefused(edited(c -> c.put("act", Map.of("sub", "spiffe://portcullis.example/agent/invoice-bot",
        "client_id", "invoice-bot"))), "not an agent instance of this trust domain");
  }

  @Test
  void actorOfAnotherTrustDomain_isRefused() {
    assertCallRefused(edited(c -> c.put("act", Map.of("sub", "spiffe://evil.example/agent/invoice-bot/i/i1",
        "client_id", "invoice-bot"))), "not an agent instance of this trust domain");
  }

  @Test
  void actorWhoseSubAndClientIdDisagree_isRefused() {
    assertCallRefused(edited(c -> c.put("act", Map.of("sub", "spiffe://portcullis.example/agent/invoice-bot/i/i1",
        "client_id", "ocr-bot"))), "sub and client_id disagree");
  }

  @Test
  void actorWithExtraMembers_isRefused() {
    assertCallRefused(edited(c -> c.put("act", Map.of("sub", "spiffe://portcullis.example/agent/invoice-bot/i/i1",
        "client_id", "invoice-bot", "may_act", Map.of()))), "member other than sub, client_id and act");
  }

  @Test
  void chainNamingAnAgentTwice_isRefused() {
    var inner = Map.<String, Object>of("sub", "spiffe://portcullis.example/agent/invoice-bot/i/i2",
        "client_id", "invoice-bot");
    assertCallRefused(edited(c -> c.put("act", Map.of("sub", "spiffe://portcullis.example/agent/invoice-bot/i/i1",
        "client_id", "invoice-bot", "act", inner))), "names agent 'invoice-bot' twice");
  }

  @Test
  void chainDeeperThanTheMaximum_isRefused() {
    Map<String, Object> act = null;
    for (String agent : List.of("a1", "a2", "a3", "a4", "invoice-bot")) {
      var link = new java.util.LinkedHashMap<String, Object>();
      link.put("sub", "spiffe://portcullis.example/agent/" + agent + "/i/x");
      link.put("client_id", agent);
      if (act != null) link.put("act", act);
      act = link;
    }
    Map<String, Object> chain = act;
    assertCallRefused(edited(c -> c.put("act", chain)), "act chain is deeper than 4");
  }

  @Test
  void malformedAuthorizationDetails_areRefused() {
    assertCallRefused(edited(c -> c.put("authorization_details", List.of(Map.of("type", "payment_initiation")))),
        "authorization_details are invalid: type must be 'portcullis_task'");
  }

  @Test
  void oversizedToken_isRefused() {
    assertCallRefused(edited(c -> c.put("padding", "p".repeat(9_000))), "token exceeds 8192 characters");
  }

  @Test
  void deeplyNestedClaims_areRefused() {
    Object nested = "x";
    for (int i = 0; i < 12; i++) nested = List.of(nested);
    Object deep = nested;
    assertCallRefused(edited(c -> c.put("deep", deep)), "nests deeper than 8");
  }

  @Test
  void tooManyClaims_areRefused() {
    assertCallRefused(edited(c -> { for (int i = 0; i < 50; i++) c.put("c" + i, i); }), "more than 48 members");
  }
}
