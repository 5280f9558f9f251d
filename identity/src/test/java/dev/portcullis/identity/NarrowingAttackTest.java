package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertTokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.identity.TokenError.Code;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A sub-agent asking for more than its parent holds — tools, audience, locations, calls, lifetime,
 * depth — or re-exchanging tokens to stretch their life. Each is refused, saying what, never
 * silently clamped.
 */
class NarrowingAttackTest {
  private static String details(String tools, String more) {
    return "[{\"type\":\"portcullis_task\",\"task\":\"inv-4711\",\"tools\":" + tools + more + "}]";
  }

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge invoiceKey = new ProofForge(world.clock);
  private final ProofForge ocrKey = new ProofForge(world.clock);
  private final String parent = world.delegate(world.enrol("invoice-bot", "i1", invoiceKey), invoiceKey);
  private final String ocr = world.enrol("ocr-bot", "o1", ocrKey);

  private void assertNarrowRefused(String resource, String details, Code code, String reason, String... more) {
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(parent, ocr, ocrKey, resource, details,
        more)), code, reason, parent, ocr);
  }

  @Test
  void moreTools_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK, details("[\"bank.*\",\"payroll.pay\"]", ""),
        Code.INVALID_AUTHORIZATION_DETAILS, "tool 'payroll.pay' is not within the parent's tools");
  }

  @Test
  void broaderGlob_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK, details("[\"ban*\"]", ""), Code.INVALID_AUTHORIZATION_DETAILS,
        "tool 'ban*' is not within the parent's tools");
  }

  @Test
  void globOverAnExactParentTool_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK, details("[\"mail.send*\"]", ""), Code.INVALID_AUTHORIZATION_DETAILS,
        "tool 'mail.send*' is not within the parent's tools");
  }

  @Test
  void anotherTask_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK,
        "[{\"type\":\"portcullis_task\",\"task\":\"payroll-1\",\"tools\":[\"bank.read\"]}]",
        Code.INVALID_AUTHORIZATION_DETAILS, "task 'payroll-1' is not the parent's task");
  }

  @Test
  void moreCalls_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK, details("[\"bank.read\"]", ",\"max_calls\":21"),
        Code.INVALID_AUTHORIZATION_DETAILS, "max_calls 21 exceeds the parent's 20");
  }

  @Test
  void newLocation_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK, details("[\"bank.read\"]", ",\"locations\":[\"" + IdentityFixture.PAYROLL
        + "\"]"), Code.INVALID_AUTHORIZATION_DETAILS, "location '" + IdentityFixture.PAYROLL
        + "' is not among the parent's locations");
  }

  @Test
  void anotherAudience_isRefused() {
    assertNarrowRefused(IdentityFixture.PAYROLL, null, Code.INVALID_TARGET,
        "must be the parent token's audience or one of its locations");
  }

  @Test
  void longerLifetimeThanTheParentHasLeft_isRefused() {
    world.clock.advance(Duration.ofMinutes(2));
    assertNarrowRefused(IdentityFixture.BANK, null, Code.INVALID_REQUEST,
        "requested lifetime of 200 s exceeds the parent token's remaining 180 s", "requested_expires_in", "200");
  }

  @Test
  void malformedRequestedLifetime_isRefused() {
    assertNarrowRefused(IdentityFixture.BANK, null, Code.INVALID_REQUEST, "positive number of seconds",
        "requested_expires_in", "-5");
  }

  @Test
  void repeatedReExchange_neverStretchesTheExpiry() {
    long rootExp = ((Number) TokenForge.claimsOf(parent).get("exp")).longValue();
    ProofForge mailKey = new ProofForge(world.clock);
    String mail = world.enrol("mail-bot", "m1", mailKey);
    ProofForge auditKey = new ProofForge(world.clock);
    String audit = world.enrol("audit-bot", "a1", auditKey);

    world.clock.advance(Duration.ofMinutes(2));
    String second = world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, null);
    world.clock.advance(Duration.ofMinutes(2));
    String third = world.narrow(second, mail, mailKey, IdentityFixture.BANK, null);
    world.clock.advance(Duration.ofSeconds(50));
    String fourth = world.narrow(third, audit, auditKey, IdentityFixture.BANK, null);

    for (String token : new String[] {second, third, fourth}) {
      assertThat(((Number) TokenForge.claimsOf(token).get("exp")).longValue()).isEqualTo(rootExp);
    }
    world.clock.advance(Duration.ofSeconds(10));
    assertTokenError(() -> world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, null), Code.INVALID_GRANT,
        "subject_token refused: token has expired");
  }

  @Test
  void agentAlreadyInTheChain_isRefused() {
    String second = world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, null);
    ProofForge otherInvoiceKey = new ProofForge(world.clock);
    String otherInvoice = world.enrol("invoice-bot", "i2", otherInvoiceKey);
    assertTokenError(() -> world.tokens.exchange(IdentityFixture.narrowRequest(second, otherInvoice, otherInvoiceKey,
        IdentityFixture.BANK, null)), Code.UNAUTHORIZED_CLIENT, "agent 'invoice-bot' is already in the delegation chain");
  }

  @Test
  void chainBeyondTheMaximumDepth_isRefused() {
    var shallow = new IdentityFixture(new DelegationSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), 2,
        Duration.ofSeconds(60), Duration.ofSeconds(5), 1_000, false));
    ProofForge a = new ProofForge(shallow.clock);
    ProofForge b = new ProofForge(shallow.clock);
    ProofForge c = new ProofForge(shallow.clock);
    String root = shallow.delegate(shallow.enrol("invoice-bot", "i1", a), a);
    String second = shallow.narrow(root, shallow.enrol("ocr-bot", "o1", b), b, IdentityFixture.BANK, null);
    String mail = shallow.enrol("mail-bot", "m1", c);
    assertTokenError(() -> shallow.tokens.exchange(IdentityFixture.narrowRequest(second, mail, c, IdentityFixture.BANK,
        null)), Code.UNAUTHORIZED_CLIENT, "would exceed the maximum depth of 2");
  }

  @Test
  void malformedDetails_areRefused() {
    assertNarrowRefused(IdentityFixture.BANK, "{\"type\":\"portcullis_task\"}", Code.INVALID_AUTHORIZATION_DETAILS,
        "authorization_details is not a JSON array");
  }
}
