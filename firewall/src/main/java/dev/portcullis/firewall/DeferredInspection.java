package dev.portcullis.firewall;

import dev.portcullis.core.Exchange;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The part of a tool result's inspection left for after the result has passed
 * ({@link Firewall#scanResult}): detectors whose findings can only be annotated. Whoever keeps the
 * session's labels runs it before the session's next decision and adds the labels it finds. It
 * inspects the result as it came from the upstream, and changes nothing in it.
 *
 * <p>It runs at most once; later calls return the first outcome, or fail as the first did.
 */
public final class DeferredInspection {
  /** Where response inspection leaves the deferred part of a tools/call result for the flow stage. */
  public static final Exchange.Key<DeferredInspection> KEY = Exchange.Key.of("deferred-inspection", DeferredInspection.class);

  private final Set<Category> categories;
  private final Supplier<Inspection> inspect;
  private final Consumer<Inspection> then;
  private Inspection outcome;
  private RuntimeException failure;

  DeferredInspection(Set<Category> categories, Supplier<Inspection> inspect) { this(categories, inspect, i -> { }); }

  private DeferredInspection(Set<Category> categories, Supplier<Inspection> inspect, Consumer<Inspection> then) {
    this.categories = Set.copyOf(categories);
    this.inspect = Objects.requireNonNull(inspect, "inspect");
    this.then = Objects.requireNonNull(then, "then");
  }

  /** The categories this part inspects for. */
  public Set<Category> categories() { return categories; }

  /**
   * The same inspection, followed by {@code next} with its outcome (to record it, for example); a
   * failure of {@code next} is a failure of {@link #run()}.
   */
  public DeferredInspection andThen(Consumer<Inspection> next) {
    Objects.requireNonNull(next, "next");
    return new DeferredInspection(categories, inspect, then.andThen(next));
  }

  /**
   * Inspects the result and hands the outcome on: its hits call for {@link Action#ALLOW} or
   * {@link Action#ANNOTATE} only, and its content is the result as it came.
   *
   * @throws RuntimeException when the inspection or what follows it fails
   */
  public synchronized Inspection run() {
    if (failure != null) throw failure;
    if (outcome != null) return outcome;
    try {
      Inspection i = inspect.get();
      then.accept(i);
      outcome = i;
      return i;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }
}
