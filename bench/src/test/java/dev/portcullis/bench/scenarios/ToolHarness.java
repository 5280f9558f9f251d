package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.bench.scenarios.server.Journal;
import dev.portcullis.bench.scenarios.server.Json;
import dev.portcullis.bench.scenarios.server.StateFile;
import dev.portcullis.bench.scenarios.server.ToolHost;
import dev.portcullis.bench.scenarios.server.ToolReply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A suite's tools in-process over its benign seed, for tests of single tools. */
public final class ToolHarness {
  private final ToolHost host;
  private final Path state;
  private final Path journal;

  /** The tools of {@code suite} over fresh benign state in {@code dir}. */
  public ToolHarness(Suite suite, Path dir) {
    this.state = dir.resolve("state.json");
    this.journal = dir.resolve("journal.jsonl");
    StateFile.save(state, suite.seed().benign());
    this.host = new ToolHost(suite.tools(), state, journal);
  }

  /** Calls a tool, failing the test if it answers with an error. */
  public JsonNode ok(String tool, Map<String, Object> args) {
    ToolReply reply = host.call(tool, args);
    if (reply.isError()) throw new AssertionError(tool + " failed: " + reply.error());
    return Json.parse(reply.text());
  }

  /** Calls a tool that must answer with an error, and returns the message. */
  public String error(String tool, Map<String, Object> args) {
    ToolReply reply = host.call(tool, args);
    if (!reply.isError()) throw new AssertionError(tool + " should have failed but returned " + reply.text());
    return reply.error();
  }

  /** The journal so far. */
  public List<Journal.Entry> journal() { return Journal.read(journal); }

  /** The state now. */
  public ObjectNode state() { return StateFile.load(state); }
}
