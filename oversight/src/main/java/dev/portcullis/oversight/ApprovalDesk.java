package dev.portcullis.oversight;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.state.ApprovalRecord;
import dev.portcullis.core.state.ApprovalRecord.Status;
import dev.portcullis.core.state.ApprovalRepository;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where calls wait for a human: it records a pending approval bound to the exact call, blocks the
 * caller until a decision or expiry, and takes the decisions approvers make through the admin API.
 *
 * <p>A decision made on this replica wakes the held call at once; a decision made on another
 * replica is seen by polling the store every {@code pollInterval}. An approval is used at most
 * once: the held call moves it from approved to consumed with a compare-and-set and proceeds only
 * if that succeeds, and only if the record still names the same agent, tool, argument digest and
 * policy version as the call.
 */
public final class ApprovalDesk {
  private static final Logger log = LoggerFactory.getLogger(ApprovalDesk.class);
  private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final ApprovalRepository repository;
  private final InstantSource clock;
  private final Duration timeout;
  private final Duration pollInterval;
  private final SecureRandom random = new SecureRandom();
  /** One wake-up signal per call held on this replica, by approval id. */
  private final ConcurrentHashMap<String, Semaphore> waiters = new ConcurrentHashMap<>();
  private volatile Consumer<ApprovalRecord> onPending = record -> {};

  /**
   * A desk over this repository.
   *
   * @param timeout      how long a call waits for a decision before it expires
   * @param pollInterval how often a waiting call looks for decisions made by other replicas (and at the clock)
   */
  public ApprovalDesk(ApprovalRepository repository, InstantSource clock, Duration timeout, Duration pollInterval) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = positive(timeout, "approval timeout");
    this.pollInterval = positive(pollInterval, "approval poll interval");
  }

  /**
   * Sets the listener told of every new pending approval (to notify approvers by webhook or console).
   * It runs on the held call's thread before the wait begins; what it throws is logged and ignored.
   */
  public void onPending(Consumer<ApprovalRecord> listener) { this.onPending = Objects.requireNonNull(listener, "listener"); }

  /** How long a call waits for a decision. */
  public Duration timeout() { return timeout; }

  /** The approval with this id. */
  public Optional<ApprovalRecord> get(String id) { return repository.get(id); }

  /** The approvals waiting for a decision, oldest first. */
  public List<ApprovalRecord> pending() { return repository.list(Status.PENDING); }

  /**
   * Holds the exchange's call until a human decides; see {@link #hold(HeldCall)}.
   *
   * @throws IllegalStateException when the exchange has no principal or no policy decision
   */
  public ApprovalRecord hold(Exchange exchange) { return hold(HeldCall.of(exchange)); }

  /**
   * Records a pending approval for this call and blocks until it is decided or expires.
   *
   * @return the approval, now consumed by this call, which may go ahead
   * @throws GatewayException carrying {@link GatewayError.ApprovalRefused} when the call was denied,
   *     expired, was interrupted, or its approval cannot be used (already used, or bound to another call)
   */
  public ApprovalRecord hold(HeldCall call) {
    Instant now = clock.instant();
    var pending = new ApprovalRecord(newId(), call.exchangeId(), call.agentId(), call.tool(), call.argsDigest(),
        call.arguments(), call.policyVersion(), call.rule(), call.reason(), Status.PENDING, now, now.plus(timeout),
        null, null, null);
    var signal = new Semaphore(0);
    waiters.put(pending.id(), signal);
    try {
      repository.insert(pending);
      log.info("approval {} pending: agent {} calls {} (rule {})", pending.id(), call.agentId(), call.tool(), call.rule());
      notifyPending(pending);
      return await(pending, call, signal);
    } finally {
      waiters.remove(pending.id());
    }
  }

  /**
   * Approves a pending request and wakes the call it holds.
   *
   * @param by      who approves (a human, through the admin API)
   * @param comment why, or {@code null}
   * @return the approval as it is now
   * @throws NoSuchElementException when there is no approval with this id
   * @throws IllegalStateException  when it is no longer pending (decided, expired or used)
   */
  public ApprovalRecord approve(String id, String by, String comment) { return decide(id, Status.APPROVED, by, comment); }

  /**
   * Denies a pending request and wakes the call it holds.
   *
   * @throws NoSuchElementException when there is no approval with this id
   * @throws IllegalStateException  when it is no longer pending (decided, expired or used)
   */
  public ApprovalRecord deny(String id, String by, String comment) { return decide(id, Status.DENIED, by, comment); }

  /** Wakes every call held on this replica so it looks at the store and the clock again now. */
  public void wakeAll() { waiters.values().forEach(Semaphore::release); }

  private ApprovalRecord decide(String id, Status to, String by, String comment) {
    if (by == null || by.isBlank()) throw new IllegalArgumentException("a decision on approval " + id + " needs who made it");
    ApprovalRecord current = find(id);
    Instant now = clock.instant();
    if (current.status() == Status.PENDING && current.expiresAt() != null && !now.isBefore(current.expiresAt())) {
      repository.transition(id, Status.PENDING, Status.EXPIRED, null, now, expiredComment());
      wake(id);
      current = find(id);
    }
    if (current.status() != Status.PENDING || !repository.transition(id, Status.PENDING, to, by, now, comment)) {
      throw new IllegalStateException(notPending(find(id)));
    }
    log.info("approval {} {} by {}", id, to == Status.APPROVED ? "approved" : "denied", by);
    wake(id);
    // Built rather than re-read: the woken call may already have consumed it.
    return withStatus(current, to, by, now, comment);
  }

  private ApprovalRecord await(ApprovalRecord pending, HeldCall call, Semaphore signal) {
    String id = pending.id();
    boolean expiryRaced = false;
    while (true) {
      ApprovalRecord current = repository.get(id).orElseThrow(() -> refused(id, "disappeared from the store"));
      switch (current.status()) {
        case APPROVED -> { return consume(current, call); }
        case DENIED -> throw refused(id, "was denied by " + current.decidedBy()
            + (current.comment() == null || current.comment().isBlank() ? "" : ": " + current.comment()));
        case EXPIRED -> throw refused(id, "expired after " + words(timeout) + " without a decision");
        case CONSUMED -> throw refused(id, "was already used");
        case PENDING -> {
          Instant now = clock.instant();
          if (!now.isBefore(pending.expiresAt())) {
            // When this fails, a decision arrived at the last moment: look once more. A store that
            // still says pending after that is not trusted to wait on (fail closed).
            if (expiryRaced || repository.transition(id, Status.PENDING, Status.EXPIRED, null, now, expiredComment())) {
              throw refused(id, "expired after " + words(timeout) + " without a decision");
            }
            expiryRaced = true;
          } else {
            waitForSignal(id, signal);
          }
        }
      }
    }
  }

  private void waitForSignal(String id, Semaphore signal) {
    try {
      if (signal.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) signal.drainPermits();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      repository.transition(id, Status.PENDING, Status.EXPIRED, null, clock.instant(), "the held call ended before a decision");
      throw refused(id, "was abandoned: the held call was interrupted before a decision");
    }
  }

  private ApprovalRecord consume(ApprovalRecord approved, HeldCall call) {
    String mismatch = bindingMismatch(approved, call);
    if (mismatch != null) {
      log.warn("approval {} names a different {} than the call it holds; refusing", approved.id(), mismatch);
      throw refused(approved.id(), "is bound to a different call (" + mismatch + " differs)");
    }
    // The decision's who, when and why are kept; consuming only changes the status.
    if (!repository.transition(approved.id(), Status.APPROVED, Status.CONSUMED, approved.decidedBy(),
        approved.decidedAt(), approved.comment())) {
      throw refused(approved.id(), "was already used");
    }
    return withStatus(approved, Status.CONSUMED, approved.decidedBy(), approved.decidedAt(), approved.comment());
  }

  private static String bindingMismatch(ApprovalRecord r, HeldCall call) {
    if (!Objects.equals(r.agentId(), call.agentId())) return "agent";
    if (!Objects.equals(r.tool(), call.tool())) return "tool";
    if (!Objects.equals(r.argsDigest(), call.argsDigest())) return "argument digest";
    if (!Objects.equals(r.policyVersion(), call.policyVersion())) return "policy version";
    return null;
  }

  private void notifyPending(ApprovalRecord pending) {
    try {
      onPending.accept(pending);
    } catch (RuntimeException e) {
      log.warn("notifying approvers of approval {} failed: {}", pending.id(), e.getClass().getSimpleName());
    }
  }

  private void wake(String id) {
    Semaphore signal = waiters.get(id);
    if (signal != null) signal.release();
  }

  private ApprovalRecord find(String id) {
    return repository.get(id).orElseThrow(() -> new NoSuchElementException("no approval with id " + id));
  }

  private String newId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return "apr_" + ID_ENCODER.encodeToString(bytes);
  }

  private String expiredComment() { return "no decision within " + words(timeout); }

  private static String notPending(ApprovalRecord r) {
    return switch (r.status()) {
      case PENDING -> "approval " + r.id() + " is still pending but changed concurrently; try again";
      case APPROVED -> "approval " + r.id() + " is already approved by " + r.decidedBy();
      case DENIED -> "approval " + r.id() + " is already denied by " + r.decidedBy();
      case EXPIRED -> "approval " + r.id() + " has already expired";
      case CONSUMED -> "approval " + r.id() + " was already approved by " + r.decidedBy() + " and used";
    };
  }

  private static GatewayException refused(String id, String reason) {
    return new GatewayException(new GatewayError.ApprovalRefused(id, reason));
  }

  private static ApprovalRecord withStatus(ApprovalRecord r, Status status, String by, Instant at, String comment) {
    return new ApprovalRecord(r.id(), r.exchangeId(), r.agentId(), r.tool(), r.argsDigest(), r.arguments(),
        r.policyVersion(), r.rule(), r.reason(), status, r.createdAt(), r.expiresAt(), by, at, comment);
  }

  /** A duration as a person says it: {@code 5 min}, {@code 2 h}, {@code 90 s}. */
  static String words(Duration d) {
    long s = d.toSeconds();
    if (s == 0) return d.toMillis() + " ms";
    if (s % 3600 == 0) return s / 3600 + " h";
    if (s % 60 == 0) return s / 60 + " min";
    return s + " s";
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, was " + d);
    return d;
  }
}
