package dev.portcullis.firewall.flow;

import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each flow session has been shown, so that later calls can be traced back to it: the labels
 * the session accumulated from every tool result ({@code untrusted}, {@code personal}, ...) and
 * keyed fingerprints of the values in those results, each with the labels of the results it came
 * from. An argument copied from a result inherits that result's labels; an argument that matches
 * nothing was not shown to the agent by a tool.
 *
 * <p><b>Flow sessions.</b> The key ({@link #sessionKey}) is the delegation transaction when the
 * caller acts for a user: everything one user request sets off, sub-agents included, shares one
 * flow, so a value a sub-agent read keeps its labels when its parent pays with it. Without a
 * delegation it is the agent's subject (its instance, or the agent when it presents its credential
 * as a bearer token), whatever MCP session the call comes in: an agent that opens a new MCP session
 * keeps what its earlier ones read, so a compromised agent cannot start a clean flow by
 * reconnecting. The price is that labels of a long-lived agent's unrelated tasks pile up until
 * the session idles out; agents acting for users avoid it, since each request is its own
 * transaction. The transaction key assumes the agent cannot start a transaction of its own: an
 * agent that still holds the user's token could exchange it for a new delegation, and so a clean
 * flow.
 *
 * <p><b>Bounds.</b> State is in memory and bounded: at most {@code maxSessions} sessions (a new one
 * displaces the least recently used), sessions idle for {@code idleExpiry} are dropped, and each
 * session holds at most {@code maxFingerprintsPerSession} fingerprints. When a session's table is
 * full the oldest fingerprints are evicted, but the accumulated labels are kept: the session
 * still knows it saw untrusted content even when it no longer knows every value.
 *
 * <p><b>Endorsement and links.</b> A value seen both in untrusted content and in a trusted source
 * (the user's address book, standing orders) is of trusted origin: an argument whose whole value a
 * trusted result showed is {@value #ENDORSED} and loses {@value #UNTRUSTED}. An attacker-planted
 * value appears only in untrusted content, so it stays untrusted. Conversely an argument that
 * carries a link, e-mail address, domain or account number copied from untrusted content gets
 * {@link ArgumentFlow#UNTRUSTED_LINK}: policy may let untrusted prose pass as content, but not a
 * place the attacker chose to send the reader. A fingerprint follows a value only as far as the
 * normal form reaches; an agent told to write an account number backwards, or to spell it out,
 * produces a value no fingerprint matches. So once a session has read untrusted content, an
 * argument carrying a link, address or account number that no tool showed it (and that no trusted
 * source endorses) is {@value #UNTRUSTED} and {@link ArgumentFlow#UNTRACED_LINK}: the price is that
 * a destination the user typed after such a read needs a human too, unless the user's words reach
 * the session (below). Whenever values
 * are forgotten or left unread (a result with more than {@code maxValuesPerCall} values, evicted
 * fingerprints) the session gets the label {@value #OVERFLOW}, so that policy can fall back to
 * session-level rules; an argument the tracker could not fully check is labelled
 * {@value #UNTRUSTED} and {@value #OVERFLOW} rather than passed as clean. A session displaced
 * or expired loses everything: size {@code maxSessions} above the number of flows alive at once.
 *
 * <p><b>The user's words.</b> When the identity provider's token stated the task, its words join
 * the session ({@link #state}), and so do the values a trusted source attributes to a party those
 * words name ({@link #named}). Such a value is the user's: an argument whose whole value is one is
 * {@value #STATED} and carries no other label, and one inside a longer text adds nothing to it.
 * An attacker cannot write the user's words; to make a party's values stated it would have to be
 * the party the user named, as the source records it.
 *
 * <p>Thread-safe: the session table has one lock held only to find a session; each session is
 * locked while it is read or updated.
 */
public final class FlowTracker {
  /** The label of values from a source that is not trusted. */
  public static final String UNTRUSTED = "untrusted";
  /** The label of a session that forgot or skipped values, and of arguments not fully checked. */
  public static final String OVERFLOW = "flow-overflow";
  /**
   * The label of a session one of whose results could not be recorded (its fingerprinting, or the
   * part of its inspection left for later, failed): the agent read something the gateway knows
   * nothing about, not even whether it held an injection. Besides {@value #UNTRUSTED} and
   * {@value #OVERFLOW}; policy should treat it as it treats a suspected injection.
   */
  public static final String UNRECORDED = "flow-unrecorded";
  /**
   * The label of an argument whose whole value the session was also shown by a trusted source: it
   * carries no {@value #UNTRUSTED} even if untrusted content mentioned it too.
   */
  public static final String ENDORSED = "endorsed";
  /**
   * Kept beside the labels of a fingerprint seen in a trusted result, never given to an argument
   * or a session. A space cannot occur in a label a caller passes through configuration.
   */
  static final String FROM_TRUSTED = "from trusted";
  /**
   * The label of an argument whose whole value the user stated ({@link #state}), or a trusted
   * source attributes to a party the user named ({@link #named}): it carries no other label.
   */
  public static final String STATED = "stated";
  /**
   * Kept beside the labels of a fingerprint of a value the user stated or referred to; never given
   * to an argument or a session. Such a value carries none of the labels it also has: the user
   * chose it, wherever else it appeared.
   */
  static final String FROM_USER = "from user";
  private static final Set<String> USER_LABELS = Set.of(FROM_USER);

  private final Limits limits;
  private final InstantSource clock;
  private final Fingerprints fingerprints;
  private final LinkedHashMap<String, FlowSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * The bounds of a tracker.
   *
   * @param maxSessions               flow sessions kept at once
   * @param maxFingerprintsPerSession fingerprints kept per session before the oldest are evicted
   * @param maxValuesPerCall          values fingerprinted per result, or looked up per call's arguments
   * @param idleExpiry                how long an unused session is kept
   */
  public record Limits(int maxSessions, int maxFingerprintsPerSession, int maxValuesPerCall, Duration idleExpiry) {
    /** 1024 sessions of up to 8192 fingerprints (about 160 KiB each when full), 8192 values a call, one idle hour. */
    public static final Limits DEFAULTS = new Limits(1024, 8192, 8192, Duration.ofHours(1));

    public Limits {
      if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be at least 1, not " + maxSessions);
      if (maxFingerprintsPerSession < 1) {
        throw new IllegalArgumentException("maxFingerprintsPerSession must be at least 1, not " + maxFingerprintsPerSession);
      }
      if (maxValuesPerCall < 1) throw new IllegalArgumentException("maxValuesPerCall must be at least 1, not " + maxValuesPerCall);
      Objects.requireNonNull(idleExpiry, "idleExpiry");
      if (idleExpiry.isNegative() || idleExpiry.isZero()) {
        throw new IllegalArgumentException("idleExpiry must be positive, not " + idleExpiry);
      }
    }
  }

  /** A tracker with these bounds, timing idleness with {@code clock}, under a fresh fingerprint key. */
  public FlowTracker(Limits limits, InstantSource clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fingerprints = new Fingerprints(new SecureRandom());
  }

  /**
   * The flow session of a call: the delegation transaction (with its user) when the principal has
   * one, else the agent's subject. See the class comment for the trade-off.
   */
  public static String sessionKey(Principal principal) {
    Delegation d = principal.delegation();
    if (d != null) return join("txn", d.userIssuer(), d.user(), d.txn());
    return join("agent", principal.subject());
  }

  /** Length-prefixed parts, so that no choice of parts can produce another key. */
  private static String join(String... parts) {
    var sb = new StringBuilder();
    for (String p : parts) sb.append(p.length()).append(':').append(p).append(';');
    return sb.toString();
  }

  /**
   * Where the arguments of a call came from: for each argument path, the labels of every
   * fingerprint its value (or a token in it) matches. Arguments matching nothing are left out.
   */
  public ArgumentFlow argumentFlow(String session, Map<String, ?> arguments) {
    return argumentFlow(session, arguments, path -> false);
  }

  /**
   * Where the arguments of a call came from, as {@link #argumentFlow(String, Map)} says, and also,
   * once the session has read untrusted content, which numbers at paths {@code numbersMatter}
   * accepts (the guarded arguments of a consequential call) nothing accounts for: a number that
   * no tool result traced, that is not in the user's words nor attributed to a party they named,
   * and that no trusted result showed is {@value #UNTRUSTED} and {@link ArgumentFlow#UNTRACED_NUMBER}.
   * Short numbers (an amount of 900) are never traced by fingerprint, so without this an amount
   * the attacker's words chose would pass as the user's.
   */
  public ArgumentFlow argumentFlow(String session, Map<String, ?> arguments, java.util.function.Predicate<String> numbersMatter) {
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(numbersMatter, "numbersMatter");
    FlowSession s = find(session, false);
    if (s == null || arguments.isEmpty()) return ArgumentFlow.CLEAN;
    var found = new TreeMap<String, Set<String>>();
    int[] budget = {limits.maxValuesPerCall()};
    synchronized (s) {
      awaitRecorded(s);
      boolean tainted = s.labels.contains(UNTRUSTED);
      ArgumentLeaves.walk(arguments, new ArgumentLeaves.Visitor() {
        @Override
        public boolean leaf(String path, Object value) {
          var labels = new TreeSet<String>();
          boolean[] link = {false};
          boolean[] untraced = {false};
          // Once the budget is spent, every later leaf is unchecked: untrusted, not clean.
          boolean complete = budget[0] > 0 && ValueExtractor.leaf(value, new FingerprintSink(fingerprints, (fp, v) -> {
            if (budget[0]-- <= 0) return false;
            Set<String> seen = s.fingerprints.labels(fp);
            // The user's own value, or one they referred to: it tells nothing about the attacker.
            if (seen != null && seen.contains(FROM_USER)) return true;
            if (seen != null) {
              labels.addAll(seen);
              if (seen.contains(UNTRUSTED) && v != null && Links.isLink(v)) link[0] = true;
            } else if (tainted && v != null && Links.isLink(v)) {
              untraced[0] = true;
            }
            return true;
          }));
          labels.remove(FROM_TRUSTED);
          Set<String> whole = complete ? wholeValueLabels(s, value) : null;
          String number = Numbers.canonical(value);
          if (!complete) {
            labels.addAll(List.of(UNTRUSTED, OVERFLOW));
          } else if (whole != null && whole.contains(FROM_USER) || number != null && s.userNumbers.contains(number)) {
            labels.clear();
            labels.add(STATED);
          } else if (number != null && tainted && labels.isEmpty() && whole == null && !s.trustedNumbers.contains(number)
              && numbersMatter.test(path)) {
            // A number nothing accounts for, after the session read untrusted content: the agent may
            // have taken it from the attacker's words ("send 900 EUR back to her").
            labels.addAll(List.of(UNTRUSTED, ArgumentFlow.UNTRACED_NUMBER));
          } else if (whole != null && whole.contains(FROM_TRUSTED)) {
            labels.remove(UNTRUSTED);
            labels.add(ENDORSED);
          } else if (link[0]) {
            labels.add(ArgumentFlow.UNTRUSTED_LINK);
          } else if (untraced[0]) {
            // A destination no tool showed, after the session read untrusted content: the agent may
            // have decoded it from the attacker's words (written backwards, spelled out, split up),
            // which no fingerprint can follow. It counts as untrusted until something vouches for it.
            labels.addAll(List.of(UNTRUSTED, ArgumentFlow.UNTRACED_LINK));
          }
          if (!labels.isEmpty()) found.merge(path, labels, FlowTracker::union);
          return true;
        }

        @Override
        public void unchecked(String path) { found.merge(path, Set.of(UNTRUSTED, OVERFLOW), FlowTracker::union); }
      });
    }
    return found.isEmpty() ? ArgumentFlow.CLEAN : new ArgumentFlow(found);
  }

  /** The label a session gets once a call in it was steered by untrusted content (an argument copied from it). */
  public static final String STEERED = "steered";

  /**
   * Marks a session as steered: some call in it took an argument from untrusted content. What that
   * call returned was chosen by the attacker's words even when no value of it is copied later (a
   * file found by the name an email gave, then deleted by its short id), so policy may want a
   * human for every consequential call after it.
   */
  public void steered(String session) {
    FlowSession s = find(session, true);
    synchronized (s) {
      s.labels.add(STEERED);
    }
  }

  /** The labels a flow session has accumulated, sorted; empty for a session never seen. */
  public List<String> sessionLabels(String session) {
    FlowSession s = find(session, false);
    if (s == null) return List.of();
    synchronized (s) {
      awaitRecorded(s);
      return List.copyOf(s.labels);
    }
  }

  /**
   * Records a tool result shown to a flow session: fingerprints its values with {@code labels} and
   * adds the labels to the session. Returns the labels given, plus {@value #OVERFLOW} when some
   * values were skipped or older fingerprints evicted.
   */
  public Set<String> record(String session, Object result, Set<String> labels) {
    return record(session, result, labels, Set.<Long>of());
  }

  /**
   * Records a tool result as {@link #record(String, Object, Set)} does, except for values the call's
   * own arguments already carried: a result that echoes what the agent asked about ("reviews of
   * Hotel Aurora") tells nothing new about where that value came from, so the echo does not label
   * it. The argument's own provenance was checked when the call was made.
   */
  public Set<String> record(String session, Object result, Set<String> labels, Map<String, ?> arguments) {
    return record(session, result, labels, echoes(arguments));
  }

  /**
   * The fingerprints of a call's own argument values, which a result echoing them does not label
   * (see {@link #record(String, Object, Set, Map)}); computed once per call, used for each message.
   * The set is read-only and holds primitive fingerprints, so that checking a result against it
   * boxes nothing.
   */
  public Set<Long> echoes(Map<String, ?> arguments) {
    var echoed = new FingerprintSet();
    int[] argBudget = {limits.maxValuesPerCall()};
    var sink = new FingerprintSink(fingerprints, (fp, v) -> {
      if (argBudget[0]-- <= 0) return false;
      echoed.add(fp);
      return true;
    });
    ArgumentLeaves.walk(arguments, new ArgumentLeaves.Visitor() {
      @Override
      public boolean leaf(String path, Object value) {
        ValueExtractor.leaf(value, sink);
        return argBudget[0] > 0;
      }

      @Override
      public void unchecked(String path) {
        // An argument too large to read fully excuses nothing from labelling.
      }
    });
    return echoed;
  }

  /**
   * The labels of the fingerprint of an argument leaf's whole value, or {@code null}: whether a
   * trusted source showed the whole value (see {@value #ENDORSED}) or the user stated it (see
   * {@value #STATED}). Only the whole value counts: a text that merely contains a trusted value (an
   * attacker's message quoting the user's IBAN) is not endorsed, and trivial values, which are
   * never tracked, cannot be.
   */
  private Set<String> wholeValueLabels(FlowSession s, Object value) {
    String whole = switch (value) {
      case String str -> {
        String n = Normalisation.normalise(str);
        yield n.length() <= ValueExtractor.MAX_WHOLE ? n : null;
      }
      case Number n -> ValueExtractor.canonical(n);
      case null, default -> null;
    };
    if (whole == null || Normalisation.trivial(whole)) return null;
    return s.fingerprints.labels(fingerprints.of(whole));
  }

  /**
   * Gives a flow session the user's own words: the task the user stated to the identity provider,
   * which the delegation carries ({@link dev.portcullis.core.Delegation#statedTask}). Every value
   * in them is the user's: an argument equal to one is {@value #STATED} and carries no other label,
   * even if untrusted content showed it too, and a destination among them is not untraced. The words
   * also let {@link #named} find the parties the user named. A session's words do not change (a
   * delegation cannot reword its task); giving the same words again does nothing.
   */
  public void state(String session, String words) {
    Objects.requireNonNull(words, "words");
    FlowSession s = find(session, true);
    synchronized (s) {
      if (words.equals(s.stated)) return;
    }
    var collected = new Collected(limits.maxValuesPerCall());
    ValueExtractor.text(words, new FingerprintSink(fingerprints, (fp, v) -> collected.add(fp)));
    String matching = NamedParties.words(words);
    var numbers = new java.util.ArrayList<String>();
    Numbers.inText(words, numbers::add);
    synchronized (s) {
      s.stated = words;
      s.statedWords = matching;
      add(s, collected, USER_LABELS);
      addNumbers(s, s.userNumbers, numbers);
    }
  }

  /**
   * Records the values of a tool result that its source attributes to a party the user's words
   * ({@link #state}) name, as the user's: "send Anna Weber back what she sent me" refers to the
   * account and amount the bank shows beside Anna Weber's name, so an argument equal to one of
   * them is {@value #STATED}. Does nothing in a session without the user's words, or for a tool
   * that declares no parties. The result's own labels are recorded as usual, apart from this.
   */
  public void named(String session, Object result, List<dev.portcullis.core.ToolLabels.Party> parties) {
    if (parties.isEmpty()) return;
    FlowSession s = find(session, false);
    if (s == null) return;
    String words;
    synchronized (s) {
      words = s.statedWords;
    }
    if (words == null) return;
    var collected = new Collected(limits.maxValuesPerCall());
    var numbers = new java.util.ArrayList<String>();
    NamedParties.collect(result, parties, words, new FingerprintSink(fingerprints, (fp, v) -> collected.add(fp)),
        value -> Numbers.inJson(value, numbers::add));
    if (collected.size == 0 && numbers.isEmpty()) return;
    synchronized (s) {
      add(s, collected, USER_LABELS);
      addNumbers(s, s.userNumbers, numbers);
    }
  }

  /** The most numbers a session keeps of each kind (the user's, trusted results'); more are an overflow. */
  static final int MAX_NUMBERS = 4096;

  /* Adds numbers to one of a session's sets (holding its lock); numbers beyond the bound are dropped, as an overflow. */
  private static void addNumbers(FlowSession s, Set<String> into, List<String> numbers) {
    for (String n : numbers) {
      if (into.size() >= MAX_NUMBERS && !into.contains(n)) {
        s.labels.add(OVERFLOW);
        return;
      }
      into.add(n);
    }
  }

  /* Adds fingerprints to a session (holding its lock); forgetting older ones to make room is an overflow. */
  private static void add(FlowSession s, Collected collected, Set<String> labels) {
    long evictedBefore = s.fingerprints.evicted();
    s.fingerprints.addAll(collected.values, collected.size, labels);
    if (s.fingerprints.evicted() > evictedBefore) s.labels.add(OVERFLOW);
  }

  /**
   * Records a tool result, leaving out the values in {@code echoed} (from {@link #echoes}). Values
   * of a result without {@value #UNTRUSTED} among its labels are remembered as seen from a trusted
   * source, so that an argument equal to one of them is {@value #ENDORSED}.
   */
  public Set<String> record(String session, Object result, Set<String> labels, Set<Long> echoed) {
    return record(session, result, labels, labels, echoed);
  }

  /**
   * Records a tool result whose values inherit {@code valueLabels} while the session gets
   * {@code sessionLabels} (a superset: classes a detector found somewhere in the result, which
   * need not apply to each value). Returns the session labels given, as the other forms do.
   */
  public Set<String> record(String session, Object result, Set<String> valueLabels, Set<String> sessionLabels,
                            Set<Long> echoed) {
    return record(session, result, valueLabels, sessionLabels, echoed, null, null);
  }

  /**
   * Records a tool result as {@link #record(String, Object, Set, Set, Set)} does, but fingerprints
   * it on {@code executor} when it is long, so that the agent need not wait for it: the labels are
   * given to the session at once, and every later look at the session ({@link #argumentFlow},
   * {@link #sessionLabels}) waits until the fingerprints are in. An agent cannot use a value before
   * it has the result, and it has the result only after this returns, so no later call is decided
   * without the result's fingerprints. A result whose fingerprinting fails labels the session
   * {@value #UNTRUSTED} and {@value #OVERFLOW}: the gateway no longer knows what it showed, so
   * nothing after it counts as clean. When the executor refuses the work, or the result is short,
   * it is recorded on this thread. A failed recording also labels the session {@value #UNRECORDED}.
   *
   * @return the labels given to the session now; {@value #OVERFLOW} for values skipped or evicted
   *         reaches the session when the fingerprinting ends, and is not in this set
   */
  public Set<String> recordInBackground(String session, Object result, Set<String> valueLabels, Set<String> sessionLabels,
                                        Set<Long> echoed, java.util.concurrent.Executor executor) {
    return recordInBackground(session, result, valueLabels, sessionLabels, echoed, executor, null);
  }

  /**
   * The labels a result turned out to carry once the part of its inspection left for later has run:
   * the labels of the session and of each value, given in full (they replace those given at first).
   */
  public record LateLabels(Set<String> valueLabels, Set<String> sessionLabels) {
    public LateLabels {
      valueLabels = Set.copyOf(valueLabels);
      sessionLabels = Set.copyOf(sessionLabels);
    }
  }

  /**
   * Records a tool result as {@link #recordInBackground(String, Object, Set, Set, Set, java.util.concurrent.Executor)}
   * does, first asking {@code late} (where the fingerprinting runs, before it) for the labels the
   * result turned out to carry: what the part of its inspection left for later found
   * ({@code null} for nothing left). The session is pending from now until both are done, so no
   * later look at it misses those labels. When {@code late} fails, the session is labelled
   * {@value #UNTRUSTED} and {@value #OVERFLOW} as for a failed fingerprinting, and on this thread
   * the failure is thrown.
   */
  public Set<String> recordInBackground(String session, Object result, Set<String> valueLabels, Set<String> sessionLabels,
                                        Set<Long> echoed, java.util.concurrent.Executor executor,
                                        java.util.function.Supplier<LateLabels> late) {
    boolean longResult = dev.portcullis.firewall.JsonSize.characters(result, BACKGROUND_MIN, ValueExtractor.MAX_DEPTH) >= BACKGROUND_MIN;
    return record(session, result, valueLabels, sessionLabels, echoed, longResult ? executor : null, late);
  }

  /*
   * Gives the session its labels and fingerprints the result: here, failing with the caller when it
   * cannot, or on the executor. Either way the session counts the result as pending until its
   * fingerprints are in, so that nobody reads the session half recorded.
   */
  private Set<String> record(String session, Object result, Set<String> valueLabels, Set<String> sessionLabels,
                             Set<Long> echoed, java.util.concurrent.Executor executor,
                             java.util.function.Supplier<LateLabels> late) {
    var given = new TreeSet<>(sessionLabels);
    given.addAll(valueLabels);
    FlowSession s = find(session, true);
    synchronized (s) {
      s.labels.addAll(given);
      s.pending++;
    }
    if (executor == null) {
      boolean recorded = false;
      try {
        LateLabels l = late == null ? null : late.get();
        if (l != null) given.addAll(labelLate(s, l));
        if (fingerprint(s, result, l == null ? valueLabels : l.valueLabels(), given, echoed)) given.add(OVERFLOW);
        recorded = true;
      } finally {
        finish(s, !recorded);
      }
      return Collections.unmodifiableSet(given);
    }
    Set<String> first = Set.copyOf(given);
    Runnable work = () -> {
      boolean recorded = false;
      try {
        LateLabels l = late == null ? null : late.get();
        Set<String> all = first;
        if (l != null) {
          var joined = new TreeSet<>(first);
          joined.addAll(labelLate(s, l));
          all = joined;
        }
        fingerprint(s, result, l == null ? valueLabels : l.valueLabels(), all, echoed);
        recorded = true;
      } catch (RuntimeException e) {
        // The session's labels say what matters: what the result showed is unknown.
      } finally {
        finish(s, !recorded);
      }
    };
    try {
      executor.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      work.run();
    }
    return Collections.unmodifiableSet(given);
  }

  /* Gives the session the labels a result turned out to carry, and returns them. */
  private static Set<String> labelLate(FlowSession s, LateLabels l) {
    var labels = new TreeSet<>(l.sessionLabels());
    labels.addAll(l.valueLabels());
    synchronized (s) {
      s.labels.addAll(labels);
    }
    return labels;
  }

  /* Ends a pending recording; one that failed leaves nothing of the session clean. */
  private static void finish(FlowSession s, boolean failed) {
    synchronized (s) {
      if (failed) s.labels.addAll(List.of(UNTRUSTED, OVERFLOW, UNRECORDED));
      s.pending--;
      s.notifyAll();
    }
  }

  /** Results with fewer characters than this are recorded at once: handing them over costs more than it saves. */
  static final int BACKGROUND_MIN = 16 * 1024;

  /*
   * Fingerprints a result into a session (whose labels the caller gave already), adding OVERFLOW to
   * it when values were lost; returns whether they were.
   */
  private boolean fingerprint(FlowSession s, Object result, Set<String> valueLabels, Set<String> given, Set<Long> echoed) {
    var marked = new TreeSet<>(valueLabels);
    if (!given.contains(UNTRUSTED)) marked.add(FROM_TRUSTED);
    Set<String> stored = Set.copyOf(marked);
    var collected = new Collected(limits.maxValuesPerCall());
    FingerprintSink.Consumer keep = echoed.isEmpty() ? (fp, v) -> collected.add(fp)
        : echoed instanceof FingerprintSet set ? (fp, v) -> set.has(fp) || collected.add(fp)
        : (fp, v) -> echoed.contains(fp) || collected.add(fp);
    boolean complete = ValueExtractor.result(result, new FingerprintSink(fingerprints, keep));
    var numbers = new java.util.ArrayList<String>();
    if (!given.contains(UNTRUSTED)) Numbers.inJson(result, numbers::add);
    synchronized (s) {
      addNumbers(s, s.trustedNumbers, numbers);
      long evictedBefore = s.fingerprints.evicted();
      s.fingerprints.addAll(collected.values, collected.size, stored);
      boolean overflow = !complete || s.fingerprints.evicted() > evictedBefore;
      if (overflow) s.labels.add(OVERFLOW);
      return overflow;
    }
  }

  /*
   * Waits, holding the session's monitor, until no result of the session is being recorded in the
   * background. An interrupted wait fails: the caller must not read a session that may lack a result.
   */
  private static void awaitRecorded(FlowSession s) {
    while (s.pending > 0) {
      try {
        s.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a tool result of the flow session was being recorded");
      }
    }
  }

  /** Fingerprints of one result, up to a budget. */
  private static final class Collected {
    private final int budget;
    private long[] values = new long[64];
    private int size;

    Collected(int budget) { this.budget = budget; }

    boolean add(long fingerprint) {
      if (size >= budget) return false;
      if (size == values.length) values = Arrays.copyOf(values, Math.min(budget, size * 2));
      values[size++] = fingerprint;
      return true;
    }
  }

  /** How many flow sessions are kept now. */
  public int sessionCount() {
    synchronized (sessions) {
      expire(clock.instant());
      return sessions.size();
    }
  }

  private FlowSession find(String key, boolean create) {
    Objects.requireNonNull(key, "session");
    Instant now = clock.instant();
    synchronized (sessions) {
      expire(now);
      FlowSession s = sessions.get(key);
      if (s == null && create) {
        if (sessions.size() >= limits.maxSessions()) {
          var eldest = sessions.keySet().iterator();
          eldest.next();
          eldest.remove();
        }
        s = new FlowSession(limits.maxFingerprintsPerSession(), now);
        sessions.put(key, s);
      }
      if (s != null) s.lastUsed = now;
      return s;
    }
  }

  /** Drops sessions idle for the expiry or longer; the map is in access order, so they come first. */
  private void expire(Instant now) {
    Instant cutoff = now.minus(limits.idleExpiry());
    for (var it = sessions.values().iterator(); it.hasNext(); ) {
      if (it.next().lastUsed.isAfter(cutoff)) break;
      it.remove();
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }
}
