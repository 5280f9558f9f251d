package dev.portcullis.policy;

import dev.portcullis.core.ArgumentFlow;
import dev.portcullis.core.Exchange;
import dev.portcullis.core.ToolLabels;
import java.util.Objects;

/**
 * What policy knows of a call's information flow, beside the request itself: the labels an
 * operator registered for the tool (conditions read them as {@code tool.consequential},
 * {@code tool.source}, {@code tool.confidentiality}, {@code tool.receives}) and where the call's
 * arguments came from ({@code flow.untrusted_args}, {@code flow.untrusted_guarded_args} — the untrusted
 * arguments inside the tool's guarded ones, or carrying a copied link —, {@code flow.arg_labels},
 * {@code flow.labels}).
 *
 * @param tool the tool's labels; {@link ToolLabels#UNLABELLED} for a tool nobody labelled
 * @param flow the arguments' flow; {@link ArgumentFlow#CLEAN} when no argument inherited a label
 */
public record CallLabels(ToolLabels tool, ArgumentFlow flow) {
  /** A call of an unlabelled tool whose arguments inherited nothing. */
  public static final CallLabels NONE = new CallLabels(ToolLabels.UNLABELLED, ArgumentFlow.CLEAN);

  public CallLabels {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(flow, "flow");
  }

  /**
   * The labels earlier stages left in an exchange: the resolver's {@link ToolLabels#KEY} and the
   * flow stage's {@link ArgumentFlow#KEY}, each defaulting as in {@link #NONE} when absent.
   */
  public static CallLabels of(Exchange exchange) {
    ToolLabels tool = exchange.get(ToolLabels.KEY);
    ArgumentFlow flow = exchange.get(ArgumentFlow.KEY);
    return new CallLabels(tool == null ? ToolLabels.UNLABELLED : tool, flow == null ? ArgumentFlow.CLEAN : flow);
  }
}
