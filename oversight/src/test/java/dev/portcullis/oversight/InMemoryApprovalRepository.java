package dev.portcullis.oversight;

import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.ApprovalRecord.Status;
import dev.portcullis.core.state.ApprovalRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Approvals kept in a map, with the compare-and-set a store provides. */
final class InMemoryApprovalRepository implements ApprovalRepository {
  private final Map<String, ApprovalRecord> approvals = new LinkedHashMap<>();
  /** Runs before each move to consumed, to let a test race the holder. */
  volatile Runnable beforeConsume = () -> {};

  @Override
  public synchronized void insert(ApprovalRecord approval) {
    if (approvals.putIfAbsent(approval.id(), approval) != null) throw new IllegalStateException("duplicate id " + approval.id());
  }

  @Override
  public synchronized Optional<ApprovalRecord> get(String id) { return Optional.ofNullable(approvals.get(id)); }

  @Override
  public synchronized List<ApprovalRecord> list(Status status) {
    return approvals.values().stream().filter(a -> status == null || a.status() == status).toList();
  }

  @Override
  public boolean transition(String id, Status from, Status to, String by, Instant at, String comment) {
    if (to == Status.CONSUMED) beforeConsume.run();
    return move(id, from, to, by, at, comment);
  }

  private synchronized boolean move(String id, Status from, Status to, String by, Instant at, String comment) {
    ApprovalRecord a = approvals.get(id);
    if (a == null || a.status() != from) return false;
    approvals.put(id, new ApprovalRecord(a.id(), a.exchangeId(), a.agentId(), a.tool(), a.argsDigest(), a.arguments(),
        a.policyVersion(), a.rule(), a.reason(), to, a.createdAt(), a.expiresAt(), by, at, comment));
    return true;
  }

  /** Overwrites a record, as another replica or an operator with database access might. */
  synchronized void overwrite(ApprovalRecord approval) { approvals.put(approval.id(), approval); }
}
