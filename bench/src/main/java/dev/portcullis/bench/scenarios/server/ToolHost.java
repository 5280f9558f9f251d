package dev.portcullis.bench.scenarios.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the tools of one scenario server against its state file and journal. The MCP server
 * delegates every call here, and tests call it directly; either way one call reads the state,
 * runs the tool, and, when the tool is consequential and succeeded, saves the state and journals
 * the call.
 */
public final class ToolHost {
  private final Map<String, ToolDef> tools = new LinkedHashMap<>();
  private final Path stateFile;
  private final Path journalFile;

  /** A host of these tools over this state file and journal. */
  public ToolHost(List<ToolDef> tools, Path stateFile, Path journalFile) {
    for (ToolDef t : tools) {
      if (this.tools.put(t.name(), t) != null) throw new IllegalArgumentException("tool '" + t.name() + "' is defined twice");
    }
    this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
    this.journalFile = Objects.requireNonNull(journalFile, "journalFile");
  }

  /** The tools, in the order they were given. */
  public List<ToolDef> tools() { return List.copyOf(tools.values()); }

  /** Calls a tool; unknown tools and unusable arguments are error replies, not exceptions. */
  public synchronized ToolReply call(String name, Map<String, Object> arguments) {
    ToolDef tool = tools.get(name);
    if (tool == null) return ToolReply.failed("unknown tool '" + name + "'");
    ObjectNode state = StateFile.load(stateFile);
    JsonNode result;
    try {
      result = tool.handler().handle(state, new Args(arguments));
    } catch (ToolFailure f) {
      return ToolReply.failed(f.getMessage());
    }
    if (tool.kind().journalled()) {
      StateFile.save(stateFile, state);
      Journal.append(journalFile, name, arguments);
    }
    return ToolReply.ok(result);
  }
}
