package dev.portcullis.policy;

import dev.portcullis.core.Decision;
import dev.portcullis.core.PolicyEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy engine of Portcullis: permit and forbid rules with CEL conditions, loaded from YAML
 * files, type-checked at load, evaluated in-process, and reloaded atomically.
 *
 * <p>The set in force is swapped as a whole: a reload that finds any problem keeps the old set.
 * Decisions read the current set once, so each decision sees exactly one version.
 */
public final class CelPolicyEngine implements PolicyEngine {
  private static final Logger LOG = LoggerFactory.getLogger(CelPolicyEngine.class);

  private final List<Path> sources;
  private final PolicyListener listener;
  private final AtomicReference<PolicySet> current;

  /**
   * An engine for {@code initial}, reloading from {@code sources} (which may be empty for a fixed set).
   */
  public CelPolicyEngine(PolicySet initial, List<Path> sources, PolicyListener listener) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    this.sources = List.copyOf(sources);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Loads the policy files and directories; fails with every problem found. */
  public static CelPolicyEngine load(List<Path> sources, PolicyListener listener) throws PolicyLoadException {
    PolicySet set = PolicySet.load(sources);
    LOG.info("policy loaded: {} rules from {} files, version {}", set.size(), set.files().size(), set.version());
    return new CelPolicyEngine(set, sources, listener);
  }

  /** Loads the policy files and directories, without a listener. */
  public static CelPolicyEngine load(List<Path> sources) throws PolicyLoadException {
    return load(sources, PolicyListener.NONE);
  }

  /**
   * Validates one policy file's text on its own (ids, keys, types, conditions), for the admin API
   * and {@code portcullis policy check}. An empty list means the file is valid.
   */
  public static List<PolicyProblem> check(String fileName, String yamlText) {
    return PolicyCompiler.compile(List.of(new PolicyFiles.Source(fileName, yamlText))).problems();
  }

  /** Decides a request of an unlabelled tool whose arguments inherited nothing ({@link CallLabels#NONE}). */
  @Override
  public Decision decide(PolicyRequest request) { return decide(request, CallLabels.NONE); }

  /** Decides a request, with the tool's labels and the arguments' flow. Never throws: errors deny. */
  public Decision decide(PolicyRequest request, CallLabels labels) {
    PolicySet set = current.get();
    try {
      return RuleEvaluator.decide(set, request, Objects.requireNonNull(labels, "labels"));
    } catch (RuntimeException e) {
      LOG.error("policy evaluation failed with {} at {}; denying", e.getClass().getName(), where(e));
      return new Decision(Decision.Effect.DENY, null, "policy evaluation failed: " + e.getClass().getSimpleName(), set.version());
    }
  }

  /** The decision for a request with its explanation; the same as {@link #decide}. */
  public Decision explain(PolicyRequest request) { return decide(request); }

  /** How each candidate rule fared for a request, in evaluation order, for explaining a decision. */
  public List<RuleTrace> trace(PolicyRequest request) { return trace(request, CallLabels.NONE); }

  /** How each candidate rule fared for a request with these labels, in evaluation order. */
  public List<RuleTrace> trace(PolicyRequest request, CallLabels labels) {
    return RuleEvaluator.trace(current.get(), request, Objects.requireNonNull(labels, "labels"));
  }

  @Override
  public boolean mayList(PolicyRequest request) {
    try {
      return RuleEvaluator.mayList(current.get(), request);
    } catch (RuntimeException e) {
      LOG.error("policy listing check failed with {} at {}; hiding the tool", e.getClass().getName(), where(e));
      return false;
    }
  }

  @Override
  public String version() { return current.get().version(); }

  /** The policy set in force. */
  public PolicySet current() { return current.get(); }

  /** The files and directories this engine reloads from. */
  public List<Path> sources() { return sources; }

  /**
   * Compiles the sources again and puts the result in force only if the whole load succeeded;
   * otherwise the set in force stays and the result lists the problems.
   */
  public synchronized ReloadResult reload() {
    PolicySet old = current.get();
    var problems = new ArrayList<PolicyProblem>();
    if (sources.isEmpty()) {
      problems.add(new PolicyProblem("(none)", 1, 1, "this engine has no policy files to reload from"));
    }
    var files = PolicyFiles.read(sources, problems);
    var compiled = PolicyCompiler.compile(files);
    problems.addAll(compiled.problems());
    if (!problems.isEmpty()) {
      List<PolicyProblem> sorted = problems.stream().sorted().toList();
      LOG.warn("policy reload refused, keeping version {}: {} problems, first: {}", old.version(), sorted.size(), sorted.getFirst());
      notify(() -> listener.reloadFailed(old.version(), sorted));
      return new ReloadResult(false, old.version(), old.size(), sorted);
    }
    PolicySet next = compiled.set();
    current.set(next);
    if (!next.version().equals(old.version())) {
      LOG.info("policy reloaded: {} rules, version {} (was {})", next.size(), next.version(), old.version());
    }
    notify(() -> listener.reloaded(old.version(), next.version(), next.size()));
    return new ReloadResult(true, next.version(), next.size(), List.of());
  }

  /** Where an exception was thrown; its message is not logged, since it could quote an argument value. */
  private static String where(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length == 0 ? "?" : trace[0].toString();
  }

  private static void notify(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      LOG.warn("policy listener failed with {}", e.getClass().getName());
    }
  }
}
