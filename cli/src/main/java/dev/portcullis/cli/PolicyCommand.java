package dev.portcullis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis policy}: check policy files against the gateway's compiler, explain decisions. */
@Command(name = "policy", description = "Check policy files and explain decisions.")
final class PolicyCommand extends CommandGroup {

  @Command(name = "check", description = {
      "Check policy files with the gateway's policy compiler.",
      "Prints each problem as file:line:column: message; exits 1 if there is any."})
  int check(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files) {
    var texts = new LinkedHashMap<Path, String>();
    for (Path file : files) {
      try {
        texts.put(file, Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw usage("cannot read policy file " + file + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    boolean allOk = true;
    for (var entry : texts.entrySet()) {
      String name = entry.getKey().toString();
      var reply = client().post("/policy/check", Map.of("name", name, "text", entry.getValue()));
      JsonNode result = reply.json();
      boolean ok = result.path("ok").asBoolean(false) && result.path("problems").isEmpty();
      allOk &= ok;
      if (json) {
        printJson(reply);
        continue;
      }
      if (ok) {
        out().println(Text.safe(name) + ": ok");
        continue;
      }
      if (result.path("problems").isEmpty()) out().println(Text.safe(name) + ": rejected (no problem given)");
      for (JsonNode problem : result.path("problems")) {
        String file = problem.path("file").isTextual() ? Text.safe(problem.path("file").asText()) : Text.safe(name);
        out().println(file + ":" + position(problem.path("line")) + ":" + position(problem.path("column")) + ": "
            + Text.field(problem, "message"));
      }
    }
    out().flush();
    return allOk ? 0 : PortcullisCli.EXIT_FAILED;
  }

  @Command(name = "explain", description = "Show which rule decides a call and why.")
  int explain(
      @Option(names = "--agent", required = true, paramLabel = "AGENT") String agent,
      @Option(names = "--tool", required = true, paramLabel = "TOOL", description = "The tool, as upstream.name.") String tool,
      @Option(names = "--args", paramLabel = "JSON", description = "The call's arguments as a JSON object (default: {}).") String args) {
    ObjectNode arguments = parseArguments(args);
    var body = new LinkedHashMap<String, Object>();
    body.put("agent", agent);
    body.put("tool", tool);
    body.put("arguments", arguments);
    return print(client().post("/policy/explain", body), (reply, out) -> {
      JsonNode decision = reply.path("decision");
      var fields = new LinkedHashMap<String, String>();
      fields.put("decision", Text.field(decision, "effect"));
      fields.put("rule", Text.field(decision, "rule"));
      fields.put("reason", Text.field(decision, "reason"));
      fields.put("policy version", Text.field(decision, "policyVersion"));
      printFields(out, fields);
      var table = new Table("RULE", "TARGET", "CONDITION", "DETAIL");
      for (JsonNode step : reply.path("trace")) {
        table.row(Text.field(step, "rule"), matched(step.path("targetMatched")), Text.field(step, "condition"),
            Text.field(step, "detail"));
      }
      out.println("trace:");
      if (table.isEmpty()) out.println("  (no rule was considered)");
      else table.print(out, "  ");
    });
  }

  private ObjectNode parseArguments(String args) {
    if (args == null) return AdminClient.JSON.createObjectNode();
    JsonNode parsed;
    try {
      parsed = AdminClient.JSON.readTree(args);
    } catch (JsonProcessingException e) {
      // The parser's message quotes the input, which may hold secret argument values.
      var at = e.getLocation();
      throw usage("--args is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (!(parsed instanceof ObjectNode object)) throw usage("--args must be a JSON object, like '{\"repo\":\"acme/api\"}'");
    return object;
  }

  private static String matched(JsonNode value) {
    if (value.isBoolean()) return value.asBoolean() ? "matched" : "no match";
    return Text.value(value);
  }

  private static String position(JsonNode value) { return value.canConvertToInt() ? String.valueOf(value.asInt()) : "?"; }
}
