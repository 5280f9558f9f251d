package dev.portcullis.oversight;

import dev.portcullis.core.Decision;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.state.ApprovalRecord;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * The stage that holds a call for a human when the policy decision requires approval. It blocks
 * the exchange's (virtual) thread in {@link ApprovalDesk#hold(Exchange)}; an approved call proceeds
 * with the approval noted for audit, a denied or expired one is refused. Calls whose decision does
 * not require approval pass untouched.
 */
public final class ApprovalStage implements Stage {
  private final ApprovalDesk desk;

  /** A stage holding calls at this desk. */
  public ApprovalStage(ApprovalDesk desk) { this.desk = Objects.requireNonNull(desk, "desk"); }

  @Override
  public String name() { return "approve"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    Decision decision = exchange.decision();
    if (decision == null || decision.effect() != Decision.Effect.REQUIRE_APPROVAL) return chain.proceed(exchange);
    ApprovalRecord approval = desk.hold(exchange);
    var note = new LinkedHashMap<String, Object>();
    note.put("id", approval.id());
    note.put("approvedBy", approval.decidedBy());
    exchange.note("approval", note);
    return chain.proceed(exchange);
  }
}
