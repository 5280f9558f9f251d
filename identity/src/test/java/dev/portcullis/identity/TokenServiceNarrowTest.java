package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent handing a narrower delegation to a sub-agent at the {@link TokenService}. */
class TokenServiceNarrowTest {
  static final String OCR_DETAILS = "[{\"type\":\"portcullis_task\",\"task\":\"inv-4711\","
      + "\"tools\":[\"bank.read*\"],\"max_calls\":5}]";
  private static final String INVOICE_I1 = "spiffe://portcullis.example/agent/invoice-bot/i/i1";
  private static final String OCR_O1 = "spiffe://portcullis.example/agent/ocr-bot/i/o1";

  private final IdentityFixture world = new IdentityFixture();
  private final ProofForge invoiceKey = new ProofForge(world.clock);
  private final ProofForge ocrKey = new ProofForge(world.clock);
  private final String parent = world.delegate(world.enrol("invoice-bot", "i1", invoiceKey), invoiceKey);
  private final String ocr = world.enrol("ocr-bot", "o1", ocrKey);

  @Test
  void narrow_keepsUserAndTxnAndNestsTheParentInAct() {
    TokenResponse response = world.tokens.exchange(
        IdentityFixture.narrowRequest(parent, ocr, ocrKey, IdentityFixture.BANK, OCR_DETAILS));

    Map<String, Object> child = TokenForge.claimsOf(response.accessToken());
    Map<String, Object> root = TokenForge.claimsOf(parent);
    assertThat(child.get("sub")).isEqualTo(root.get("sub"));
    assertThat(child.get("user_iss")).isEqualTo(root.get("user_iss"));
    assertThat(child.get("txn")).isEqualTo(root.get("txn"));
    assertThat(child.get("jti")).isNotEqualTo(root.get("jti"));
    assertThat(child.get("act")).isEqualTo(Map.of("sub", OCR_O1, "client_id", "ocr-bot",
        "act", Map.of("sub", INVOICE_I1, "client_id", "invoice-bot")));
    assertThat(child.get("cnf")).isEqualTo(Map.of("jkt", ocrKey.jkt()));
    // The description is the user's words from the parent grant; the child cannot drop or reword it.
    assertThat(child.get("authorization_details")).isEqualTo(List.of(Map.of("type", "portcullis_task",
        "task", "inv-4711", "description", "reconcile invoice 4711", "tools", List.of("bank.read*"),
        "locations", List.of(IdentityFixture.MAIL), "max_calls", 5L)));
    assertThat(response.facts()).containsEntry("agent", "ocr-bot").containsEntry("instance", OCR_O1)
        .containsEntry("depth", 2).containsEntry("outcome", "narrowed").containsEntry("txn", root.get("txn"));
  }

  @Test
  void narrowedToken_callsWithTheWholeChain() {
    String child = world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, OCR_DETAILS);

    Principal principal = world.call(child, ocrKey);

    assertThat(principal.agentId()).isEqualTo("ocr-bot");
    assertThat(principal.subject()).isEqualTo(OCR_O1);
    Delegation delegation = principal.delegation();
    assertThat(delegation.chain()).containsExactly(new Delegation.Actor("ocr-bot", OCR_O1),
        new Delegation.Actor("invoice-bot", INVOICE_I1));
    assertThat(delegation.depth()).isEqualTo(2);
    assertThat(delegation.user()).isEqualTo("alice");
  }

  @Test
  void narrow_withoutDetails_inheritsTheParents() {
    String child = world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, null);
    assertThat(TokenForge.claimsOf(child).get("authorization_details"))
        .isEqualTo(TokenForge.claimsOf(parent).get("authorization_details"));
  }

  @Test
  void narrow_toALocationOfTheParent_isAllowed() {
    String child = world.narrow(parent, ocr, ocrKey, IdentityFixture.MAIL, OCR_DETAILS);
    assertThat(world.call(child, ocrKey, IdentityFixture.MAIL).delegation().audience()).isEqualTo(IdentityFixture.MAIL);
  }

  @Test
  void narrow_laterInTheParentsLife_endsWithTheParent() {
    world.clock.advance(Duration.ofMinutes(3));
    String child = world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, OCR_DETAILS);
    assertThat(TokenForge.claimsOf(child).get("exp")).isEqualTo(TokenForge.claimsOf(parent).get("exp"));
  }

  @Test
  void narrow_threeLevels_buildsTheChainOutermostFirst() {
    ProofForge mailKey = new ProofForge(world.clock);
    String mail = world.enrol("mail-bot", "m1", mailKey);
    String second = world.narrow(parent, ocr, ocrKey, IdentityFixture.BANK, OCR_DETAILS);

    String third = world.narrow(second, mail, mailKey, IdentityFixture.BANK,
        "[{\"type\":\"portcullis_task\",\"task\":\"inv-4711\",\"tools\":[\"bank.readStatement\"]}]");

    Delegation delegation = world.call(third, mailKey).delegation();
    assertThat(delegation.chain()).extracting(Delegation.Actor::agentId)
        .containsExactly("mail-bot", "ocr-bot", "invoice-bot");
    assertThat(delegation.authorizationDetails().getFirst()).containsEntry("max_calls", 5);
  }
}
