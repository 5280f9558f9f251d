package dev.portcullis.firewall.flow;

import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.ContentLabels;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolLabels;
import dev.portcullis.firewall.DeferredInspection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The information-flow stage: tells policy where a call's arguments came from and what the session
 * has been shown, and labels what the call returns.
 *
 * <p>Before the call: the {@link ArgumentFlow} of a tools/call is left under
 * {@link ArgumentFlow#KEY}, and every exchange gets the session attribute {@value #SESSION_LABELS}
 * (the sorted labels of the flow session so far). It runs just before the authorize stage, which
 * reads both. After the call, every message the upstream streams back to the agent is recorded
 * with the result's labels: {@code untrusted} when the tool's source is untrusted (or response
 * inspection suspects injection), the tool's confidentiality class, and the content labels
 * response inspection left in the exchange by the time the message passes — which it has, since
 * response inspection sits nearer the upstream and sees each message first.
 *
 * <p>Long results can be fingerprinted in the background while the agent already reads them
 * ({@link FlowTracker#recordInBackground}); the next look at the session waits for them. When
 * response inspection left part of a result's inspection for later ({@link DeferredInspection},
 * the detectors that only annotate), that part runs first, on the same thread, and its labels join
 * the result's before the fingerprints are taken.
 *
 * <p>When the call is made for a user whose identity provider's token stated the task
 * ({@link dev.portcullis.core.Delegation#statedTask}), the user's words join the flow session
 * ({@link FlowTracker#state}): values in them, and values a tool's source attributes to a party they
 * name ({@link ToolLabels#parties}, {@link FlowTracker#named}), are the user's.
 *
 * <p>Audit notes name argument paths and labels, never values: {@value #NOTE_UNTRUSTED_ARGS} lists
 * the paths that carry {@code untrusted}, {@value #NOTE_RESULT_LABELS} the labels given to the
 * result. A result that cannot be recorded is withheld: an agent never sees content whose labels
 * the gateway failed to keep.
 */
public final class FlowStage implements Stage {
  /** The session attribute holding the flow session's labels for policy. */
  public static final String SESSION_LABELS = "labels";
  /** The audit note listing the argument paths that carry {@code untrusted}. */
  public static final String NOTE_UNTRUSTED_ARGS = "flowUntrustedArgs";
  /** The audit note listing the labels given to the call's result. */
  public static final String NOTE_RESULT_LABELS = "flowResultLabels";
  /** The content label response inspection uses for suspected prompt injection. */
  public static final String INJECTION_SUSPECTED = "injection-suspected";

  private static final String NAME = "flow";

  private final FlowTracker tracker;
  /* Where long results are fingerprinted while the agent already reads them; null to record every result in line. */
  private final java.util.concurrent.Executor background;

  /** A stage keeping flow state in {@code tracker}, recording every result before it passes on. */
  public FlowStage(FlowTracker tracker) { this(tracker, null); }

  /**
   * A stage keeping flow state in {@code tracker} that fingerprints long results on
   * {@code background} (see {@link FlowTracker#recordInBackground}); {@code null} records in line.
   */
  public FlowStage(FlowTracker tracker, java.util.concurrent.Executor background) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.background = background;
  }

  /**
   * Threads for fingerprinting long results in the background: as many as there are processors
   * beyond the first (at least one), started when needed and ended when idle, daemon threads. A
   * full queue hands the work back to the calling thread, so a flood of long results slows their
   * callers instead of piling up.
   */
  public static java.util.concurrent.ExecutorService backgroundThreads() {
    int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    var counter = new java.util.concurrent.atomic.AtomicInteger();
    var pool = new java.util.concurrent.ThreadPoolExecutor(n, n, 30, java.util.concurrent.TimeUnit.SECONDS,
        new java.util.concurrent.ArrayBlockingQueue<>(16 * n), r -> {
          var t = new Thread(r, "portcullis-flow-" + counter.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public String name() { return NAME; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    if (exchange.principal() == null) {
      throw new GatewayException(new GatewayError.Internal("stage '" + NAME + "' ran before the caller was authenticated"));
    }
    String session = FlowTracker.sessionKey(exchange.principal());
    String stated = statedTask(exchange);
    if (stated != null) tracker.state(session, stated);
    exchange.session().put(SESSION_LABELS, tracker.sessionLabels(session));
    if (!exchange.request().method().equals("tools/call")) return chain.proceed(exchange);

    ToolLabels tool = exchange.get(ToolLabels.KEY);
    java.util.function.Predicate<String> numbersMatter = tool != null && tool.consequential() ? tool::guards : path -> false;
    ArgumentFlow flow = vouched(merge(exchange.get(ArgumentFlow.KEY), tracker.argumentFlow(session, exchange.arguments(),
        numbersMatter)), tool, exchange.arguments());
    exchange.put(ArgumentFlow.KEY, flow);
    if (!flow.untrustedArguments().isEmpty()) {
      exchange.note(NOTE_UNTRUSTED_ARGS, flow.untrustedArguments());
      // Later calls see it; this call's own decision reads flow.untrusted_args.
      tracker.steered(session);
    }

    Outcome outcome = chain.proceed(exchange);
    if (!(outcome instanceof Outcome.Streamed streamed)) return outcome;
    Set<Long> echoed = tracker.echoes(exchange.arguments());
    return new Outcome.Streamed(streamed.messages().map(message -> record(exchange, session, message, echoed)));
  }

  private Map<String, Object> record(Exchange exchange, String session, Map<String, Object> message, Set<Long> echoed) {
    ToolLabels tool = exchange.get(ToolLabels.KEY);
    ContentLabels content = exchange.get(ContentLabels.KEY);
    Set<String> labels = resultLabels(tool, content);
    Object shown = message.containsKey("method") ? message.get("params") : response(message);
    DeferredInspection deferred = message.containsKey("method") ? null : exchange.get(DeferredInspection.KEY);
    if (deferred != null) exchange.put(DeferredInspection.KEY, null);
    try {
      Set<String> values = valueLabels(labels, tool);
      Set<String> given = background == null && deferred == null ? tracker.record(session, shown, values, labels, echoed)
          : tracker.recordInBackground(session, shown, values, labels, echoed, background, late(deferred, tool, content));
      if (!message.containsKey("method")) {
        if (tool != null && statedTask(exchange) != null) tracker.named(session, shown, tool.parties());
        exchange.note(NOTE_RESULT_LABELS, List.copyOf(given));
      }
    } catch (RuntimeException e) {
      throw new GatewayException(new GatewayError.Internal("stage '" + NAME + "' could not label the tool result"));
    }
    return message;
  }

  /*
   * The labels a result turns out to carry once the part of its inspection left for later has run,
   * or null when nothing was left: what it finds joins the content labels, with what they imply
   * (injection suspected makes every value untrusted).
   */
  private static java.util.function.Supplier<FlowTracker.LateLabels> late(DeferredInspection deferred, ToolLabels tool,
                                                                            ContentLabels content) {
    if (deferred == null) return null;
    return () -> {
      Set<String> found = deferred.run().labels();
      if (found.isEmpty()) return null;
      var all = new TreeSet<>(found);
      if (content != null) all.addAll(content.labels());
      Set<String> labels = resultLabels(tool, new ContentLabels(all));
      return new FlowTracker.LateLabels(valueLabels(labels, tool), labels);
    };
  }

  /** The task in the user's own words, when the call is made under a delegation whose user's token stated it. */
  private static String statedTask(Exchange exchange) {
    var delegation = exchange.principal().delegation();
    return delegation == null ? null : delegation.statedTask();
  }

  /** What a response shows the agent: its result, or the upstream's error. */
  private static Object response(Map<String, Object> message) {
    return message.containsKey("result") ? message.get("result") : message.get("error");
  }

  /** The labels of a result from a tool with these labels, carrying these content labels. */
  static Set<String> resultLabels(ToolLabels tool, ContentLabels content) {
    ToolLabels t = tool == null ? ToolLabels.UNLABELLED : tool;
    var labels = new TreeSet<String>();
    labels.add(t.confidentiality());
    if (content != null) labels.addAll(content.labels());
    if (!t.trusted() || labels.contains(INJECTION_SUSPECTED)) labels.add(FlowTracker.UNTRUSTED);
    return labels;
  }

  /**
   * The flow with every guarded argument whose value the operator vouches for
   * ({@link ToolLabels#vouchesFor}) made {@value FlowTracker#ENDORSED} instead of untrusted: the
   * organisation's own addresses are of trusted origin however the agent came by them.
   */
  static ArgumentFlow vouched(ArgumentFlow flow, ToolLabels tool, Map<String, Object> arguments) {
    if (tool == null || tool.trustedValues().isEmpty() || flow.untrustedArguments().isEmpty()) return flow;
    var labels = new java.util.TreeMap<>(flow.argumentLabels());
    ArgumentLeaves.walk(arguments, new ArgumentLeaves.Visitor() {
      @Override
      public boolean leaf(String path, Object value) {
        Set<String> l = labels.get(path);
        if (l != null && l.contains(FlowTracker.UNTRUSTED) && !l.contains(FlowTracker.OVERFLOW) && tool.guards(path)
            && value instanceof String s && tool.vouchesFor(s)) {
          var endorsed = new TreeSet<>(l);
          endorsed.remove(FlowTracker.UNTRUSTED);
          endorsed.remove(ArgumentFlow.UNTRUSTED_LINK);
          endorsed.remove(ArgumentFlow.UNTRACED_LINK);
          endorsed.add(FlowTracker.ENDORSED);
          labels.put(path, endorsed);
        }
        return true;
      }

      @Override
      public void unchecked(String path) {
        // Unchecked arguments stay untrusted.
      }
    });
    return new ArgumentFlow(labels);
  }

  /**
   * The labels every value of a result inherits: the result's labels without the confidentiality
   * classes response inspection found beyond the tool's own class. A detector finds a phone number
   * in a web page, not that the opening hours beside it are personal; the session still gets the
   * class, and request inspection finds the number itself again if an argument carries it.
   */
  static Set<String> valueLabels(Set<String> resultLabels, ToolLabels tool) {
    ToolLabels t = tool == null ? ToolLabels.UNLABELLED : tool;
    var labels = new TreeSet<>(resultLabels);
    labels.removeIf(l -> ToolLabels.CLASSES.contains(l) && !l.equals(t.confidentiality()));
    return labels;
  }

  /** The labels content inspection found in the arguments, joined with those their provenance gives. */
  static ArgumentFlow merge(ArgumentFlow inspected, ArgumentFlow provenance) {
    if (inspected == null || inspected.argumentLabels().isEmpty()) return provenance;
    var joined = new java.util.TreeMap<String, Set<String>>();
    inspected.argumentLabels().forEach((k, v) -> joined.merge(k, v, FlowStage::union));
    provenance.argumentLabels().forEach((k, v) -> joined.merge(k, v, FlowStage::union));
    return new ArgumentFlow(joined);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var u = new java.util.TreeSet<>(a);
    u.addAll(b);
    return u;
  }
}
