package dev.portcullis.oversight;

import dev.portcullis.core.Exchange;

/** Reading the called tool out of an exchange. */
final class ToolNames {
  private ToolNames() {}

  /** The namespaced tool a {@code tools/call} names, or {@code null} for other methods or when absent. */
  static String calledTool(Exchange exchange) {
    if (!"tools/call".equals(exchange.request().method())) return null;
    if (exchange.tool() != null) return exchange.tool().name();
    return exchange.request().params().get("name") instanceof String s ? s : null;
  }

  /** The upstream of a namespaced tool ({@code <upstream>.<tool>}), or {@code null} when not namespaced. */
  static String upstreamOf(String tool) {
    if (tool == null) return null;
    int dot = tool.indexOf('.');
    return dot <= 0 ? null : tool.substring(0, dot);
  }
}
