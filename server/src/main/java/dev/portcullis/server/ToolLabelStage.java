package dev.portcullis.server;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.ToolLabels;
import dev.portcullis.server.config.GatewayConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches the operator's labels of the resolved tool (consequential, source, confidentiality,
 * what it receives) to the exchange, so inspection, information-flow tracking and policy all read
 * the same declaration. The labels come from configuration only: nothing an upstream publishes can
 * make its tool look trusted or harmless. A tool nobody labelled gets {@link ToolLabels#UNLABELLED}.
 */
final class ToolLabelStage implements Stage {
  private final Map<String, Map<String, ToolLabels>> byUpstream;

  ToolLabelStage(List<GatewayConfig.UpstreamConfig> upstreams) {
    var map = new HashMap<String, Map<String, ToolLabels>>();
    for (GatewayConfig.UpstreamConfig u : upstreams) {
      var labels = new HashMap<String, ToolLabels>();
      u.toolLabels().forEach((tool, label) -> labels.put(tool, label.labels()));
      map.put(u.name(), Map.copyOf(labels));
    }
    this.byUpstream = Map.copyOf(map);
  }

  @Override
  public String name() { return "tool-labels"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    ToolDefinition tool = exchange.tool();
    if (tool != null) exchange.put(ToolLabels.KEY, labelsOf(tool));
    return chain.proceed(exchange);
  }

  /** The labels of a tool, {@link ToolLabels#UNLABELLED} when the operator declared none. */
  ToolLabels labelsOf(ToolDefinition tool) {
    return byUpstream.getOrDefault(tool.upstream(), Map.of()).getOrDefault(tool.upstreamName(), ToolLabels.UNLABELLED);
  }
}
